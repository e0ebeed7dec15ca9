package io.edgeplane.edge.node;

import io.edgeplane.conf.ConfigFiles;
import io.edgeplane.conf.ConfigLoader;
import io.edgeplane.conf.Loaded;
import io.edgeplane.conf.Problem;
import io.edgeplane.conf.registry.ApplyResult;
import io.edgeplane.conf.registry.Registry;
import java.io.UncheckedIOException;

/**
 * Re-reads the configuration files into the registry and says what came of it. A new revision
 * is logged by the registry itself; this logs the problems, a rejection (the old revision stays)
 * and "unchanged". One reload at a time, whoever asks (file watcher, SIGHUP).
 */
final class ConfigReload {

    private static final System.Logger LOG = System.getLogger("edge");

    private final ConfigFiles files;
    private final Registry registry;

    ConfigReload(ConfigFiles files, Registry registry) {
        this.files = files;
        this.registry = registry;
    }

    synchronized void reload(String reason) {
        LOG.log(System.Logger.Level.INFO, "reloading (" + reason + ")");
        Loaded loaded = ConfigLoader.load(files);
        log(loaded);
        ApplyResult result;
        try {
            result = registry.apply(loaded);
        } catch (UncheckedIOException e) {
            LOG.log(System.Logger.Level.ERROR, e.getMessage());
            return;
        }
        switch (result) {
            case ApplyResult.Applied applied -> {
                // logged by the registry: "revision N: what changed"
            }
            case ApplyResult.Unchanged unchanged -> LOG.log(System.Logger.Level.INFO,
                    "configuration unchanged, still revision " + unchanged.snapshot().revision());
            case ApplyResult.Rejected rejected -> LOG.log(System.Logger.Level.ERROR,
                    "configuration rejected with " + count(rejected.errors().size(), "error") + "; still serving revision "
                            + rejected.snapshot().revision());
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
