package io.edgeplane.edge.node;

import io.edgeplane.conf.ConfigFiles;
import io.edgeplane.conf.ConfigLoader;
import io.edgeplane.conf.Loaded;
import io.edgeplane.conf.Problem;
import io.edgeplane.conf.model.Config;
import io.edgeplane.conf.model.Settings;
import io.edgeplane.conf.registry.ApplyResult;
import io.edgeplane.conf.registry.Registry;
import io.edgeplane.edge.control.ReloadOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Re-reads the configuration files into the registry and says what came of it. A new revision
 * is logged by the registry itself; this logs the problems, a rejection (the old revision stays)
 * and "unchanged". One reload at a time, whoever asks (file watcher, SIGHUP, {@code edge reload}).
 *
 * <p>service.yml and inventory.yml are applied only when their text differs from the text last
 * applied ({@link AppliedFiles}): otherwise the registry may hold changes made through the API
 * since, which a restart or a reload must not undo. edge.yml (this server's settings) is applied
 * either way.
 */
final class ConfigReload {

    private static final System.Logger LOG = System.getLogger("edge");

    private final ConfigFiles files;
    private final Registry registry;
    private final AppliedFiles applied;

    ConfigReload(ConfigFiles files, Registry registry, AppliedFiles applied) {
        this.files = files;
        this.registry = registry;
        this.applied = applied;
    }

    /** At start, on files already loaded and valid. */
    synchronized void start(Loaded loaded) {
        String digest = AppliedFiles.digest(files);
        if (applied.isLastApplied(digest)) {
            LOG.log(System.Logger.Level.INFO, "revision " + registry.current().revision()
                    + ": configuration unchanged since the last run (service.yml and inventory.yml as last applied;"
                    + " changes made through the control API since are kept)");
            return;
        }
        ApplyResult result = applyFiles(loaded);
        if (result instanceof ApplyResult.Unchanged unchanged) {
            LOG.log(System.Logger.Level.INFO, "revision " + unchanged.snapshot().revision()
                    + ": configuration unchanged since the last run");
        }
        if (!(result instanceof ApplyResult.Rejected)) {
            remember(digest);
        }
    }

    synchronized ReloadOutcome reload(String reason) {
        LOG.log(System.Logger.Level.INFO, "reloading (" + reason + ")");
        String digest = AppliedFiles.digest(files);
        boolean filesChanged = !applied.isLastApplied(digest);
        Loaded loaded = ConfigLoader.load(files);
        log(loaded);
        List<String> problems = loaded.problems().stream().map(Problem::format).toList();
        ApplyResult result;
        try {
            if (!loaded.ok() || filesChanged) {
                result = applyFiles(loaded);
            } else {
                Settings settings = loaded.config().settings();
                result = registry.update(now -> new Config(settings, now.services(), now.inventory()));
            }
        } catch (UncheckedIOException e) {
            LOG.log(System.Logger.Level.ERROR, e.getMessage());
            return new ReloadOutcome("rejected", registry.current().revision(), problems, e.getMessage());
        }
        switch (result) {
            case ApplyResult.Applied a -> {
                // logged by the registry: "revision N: what changed"
                if (filesChanged) {
                    remember(digest);
                }
                return new ReloadOutcome("applied", a.snapshot().revision(), problems, null);
            }
            case ApplyResult.Unchanged unchanged -> {
                String why = filesChanged ? "" : " (service.yml and inventory.yml as last applied)";
                LOG.log(System.Logger.Level.INFO, "configuration unchanged, still revision "
                        + unchanged.snapshot().revision() + why);
                if (filesChanged) {
                    remember(digest);
                }
                return new ReloadOutcome("unchanged", unchanged.snapshot().revision(), problems, null);
            }
            case ApplyResult.Rejected rejected -> {
                LOG.log(System.Logger.Level.ERROR, "configuration rejected with " + count(rejected.errors().size(), "error")
                        + "; still serving revision " + rejected.snapshot().revision());
                List<String> all = new java.util.ArrayList<>(problems);
                rejected.errors().stream().map(Problem::format).filter(p -> !all.contains(p)).forEach(all::add);
                return new ReloadOutcome("rejected", rejected.snapshot().revision(), all, null);
            }
        }
    }

    /** The files' configuration, keeping the slices the central gave servers the files name without one. */
    private ApplyResult applyFiles(Loaded loaded) {
        if (!loaded.ok()) {
            return registry.apply(loaded);      // rejected, with the files' located errors
        }
        Config files = loaded.config();
        return registry.update(now -> new Config(files.settings(), files.services(),
                files.inventory().keepingSlicesOf(now.inventory())));
    }

    private void remember(String digest) {
        try {
            applied.remember(digest);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not note which files were applied (" + e.getMessage()
                    + "); they will be applied again at the next start");
        }
    }

    /** Every problem as {@code edge check} prints it, errors as ERROR and warnings as WARN. */
    static void log(Loaded loaded) {
        for (Problem p : loaded.problems()) {
            LOG.log(p.isError() ? System.Logger.Level.ERROR : System.Logger.Level.WARNING, p.format());
        }
    }

    static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }
}
