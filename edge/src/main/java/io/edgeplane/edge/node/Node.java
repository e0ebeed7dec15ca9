package io.edgeplane.edge.node;

import io.edgeplane.conf.ConfigFiles;
import io.edgeplane.conf.ConfigLoader;
import io.edgeplane.conf.Loaded;
import io.edgeplane.conf.registry.ApplyResult;
import io.edgeplane.conf.registry.DamagedStateException;
import io.edgeplane.conf.registry.DurableRegistry;
import io.edgeplane.conf.registry.Subscription;
import io.edgeplane.edge.cli.ConfigOptions;
import io.edgeplane.edge.cli.ExitStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code edge run}: loads the files into the durable registry, starts the parts on it, reloads on
 * file change and SIGHUP, and stops on SIGTERM or SIGINT with exit 0.
 */
public final class Node {

    private static final System.Logger LOG = System.getLogger("edge");
    /** Long enough to see a whole save (or a few files copied in a row) as one change. */
    private static final Duration QUIET = Duration.ofMillis(300);

    private final ConfigFiles files;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final AtomicReference<Runnable> onHangup = new AtomicReference<>(
            () -> LOG.log(System.Logger.Level.INFO, "SIGHUP while starting: the files are being read anyway"));

    public Node(ConfigFiles files) {
        this.files = files;
    }

    /** Runs until stopped; returns the exit status. */
    public int run() {
        // Before anything else: a signal that arrives during start must not take the JVM's
        // default action (exit 129 or 143 without closing anything).
        Signals.on("TERM", stop::countDown);
        Signals.on("INT", stop::countDown);
        Signals.on("HUP", () -> onHangup.get().run());

        Loaded loaded = ConfigLoader.load(files);
        ConfigReload.log(loaded);
        if (!loaded.ok()) {
            LOG.log(System.Logger.Level.ERROR, "configuration " + ConfigOptions.names(files) + " test failed with "
                    + ConfigReload.count(loaded.errors().size(), "error") + "; not starting");
            return ExitStatus.INVALID_INPUT;
        }
        Path stateDir = StateDirectory.of(loaded.config().settings(), files);
        try (DurableRegistry registry = DurableRegistry.open(stateDir, loaded.config().settings())) {
            return serve(registry, loaded);
        } catch (DamagedStateException e) {
            LOG.log(System.Logger.Level.ERROR, e.getMessage());
            return ExitStatus.RUNTIME_FAILURE;
        } catch (IOException | UncheckedIOException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot use state directory " + stateDir + ": " + e.getMessage());
            return ExitStatus.RUNTIME_FAILURE;
        }
    }

    private int serve(DurableRegistry registry, Loaded loaded) throws IOException {
        if (registry.apply(loaded) instanceof ApplyResult.Unchanged unchanged) {
            LOG.log(System.Logger.Level.INFO, "revision " + unchanged.snapshot().revision()
                    + ": configuration unchanged since the last run");
        }
        List<NodePart> parts = NodeParts.forNode(loaded.config().settings());
        List<Subscription> subscriptions = new ArrayList<>();
        try {
            for (NodePart part : parts) {
                try {
                    subscriptions.add(registry.subscribe(part.name(), s -> part.apply(s.config())));
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, part.name() + " cannot start: " + e.getMessage(), e);
                    return ExitStatus.RUNTIME_FAILURE;
                }
            }
            ConfigReload reload = new ConfigReload(files, registry);
            FileWatcher watcher = FileWatcher.start(watched(), QUIET, changed -> reload.reload(changed + " changed"));
            try {
                onHangup.set(() -> reload.reload("SIGHUP"));
                LOG.log(System.Logger.Level.INFO, "running at revision " + registry.current().revision() + " (state in "
                        + registry.stateFile().getParent() + "); a file change or SIGHUP reloads, SIGTERM stops");
                stop.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                watcher.close();
            }
            LOG.log(System.Logger.Level.INFO, "stopping");
            return ExitStatus.OK;
        } finally {
            subscriptions.forEach(Subscription::close);
            stopAll(parts);
        }
    }

    private List<Path> watched() {
        List<Path> watched = new ArrayList<>(List.of(files.services(), files.inventory()));
        if (files.edge() != null) {
            watched.add(files.edge());
        }
        return watched;
    }

    /** Stops the parts in reverse start order, each whatever the others do. */
    private static void stopAll(List<NodePart> parts) {
        for (NodePart part : parts.reversed()) {
            try {
                part.close();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, part.name() + " did not stop cleanly: " + e, e);
            }
        }
    }
}
