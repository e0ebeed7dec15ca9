package io.edgeplane.edge.node;

import io.edgeplane.conf.ConfigFiles;
import io.edgeplane.conf.ConfigLoader;
import io.edgeplane.conf.Loaded;
import io.edgeplane.conf.model.Settings;
import io.edgeplane.conf.registry.DamagedStateException;
import io.edgeplane.conf.registry.DurableRegistry;
import io.edgeplane.conf.registry.Registry;
import io.edgeplane.conf.registry.Subscription;
import io.edgeplane.edge.cli.ConfigOptions;
import io.edgeplane.edge.cli.ExitStatus;
import io.edgeplane.edge.control.BearerTokenCheck;
import io.edgeplane.edge.control.ContainerStates;
import io.edgeplane.edge.control.ControlApiOptions;
import io.edgeplane.edge.control.ControlApiServer;
import io.edgeplane.edge.control.ControlApiSetup;
import io.edgeplane.edge.control.ReloadHook;
import io.edgeplane.edge.control.ReloadOutcome;
import io.edgeplane.edge.follow.CentralClient;
import io.edgeplane.edge.follow.CentralFollower;
import io.edgeplane.edge.follow.FollowerRegistry;
import io.edgeplane.edge.follow.FollowerSettings;
import io.edgeplane.edge.metrics.NodeMetrics;
import io.edgeplane.edge.overlay.SliceAssigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code edge run}: loads the files into the durable registry, starts the parts and the control
 * API on it, reloads on file change, SIGHUP and {@code edge reload}, and stops on SIGTERM or
 * SIGINT with exit 0. A server without the central role instead follows the central: its
 * registry is a copy fed by long-polling the central, and its own files are not read.
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

        Loaded following = FollowerSettings.loadIfFollower(files);
        Loaded loaded = following != null ? following : ConfigLoader.load(files);
        ConfigReload.log(loaded);
        if (!loaded.ok()) {
            LOG.log(System.Logger.Level.ERROR, "configuration " + ConfigOptions.names(files) + " test failed with "
                    + ConfigReload.count(loaded.errors().size(), "error") + "; not starting");
            return ExitStatus.INVALID_INPUT;
        }
        Settings settings = loaded.config().settings();
        Path stateDir = StateDirectory.of(settings, files);
        try (NodeMetrics metrics = new NodeMetrics()) {
            if (following != null) {
                URI central = settings.central().url();
                try (FollowerRegistry registry = FollowerRegistry.open(stateDir, settings, central.toString());
                     CentralFollower follower = CentralFollower.of(CentralClient.of(settings.central()), registry)) {
                    ReloadHook reload = reason -> {
                        String why = "this server follows the central at " + central + ": services and inventory"
                                + " come from there; edge.yml changes take effect at restart";
                        LOG.log(System.Logger.Level.INFO, "reload (" + reason + "): nothing to re-read; " + why);
                        return new ReloadOutcome("unchanged", registry.current().revision(), List.of(), why);
                    };
                    return serve(new Serving(registry, settings, metrics, reload, List.of(), central, follower::start,
                            registry.stateFile()));
                }
            }
            // IPAM subscribes before the files are applied, so it has seen the stored slices first
            try (DurableRegistry registry = DurableRegistry.open(stateDir, settings);
                 SliceAssigner slices = SliceAssigner.start(registry)) {
                ConfigReload reload = new ConfigReload(files, registry, new AppliedFiles(stateDir));
                reload.start(loaded);
                return serve(new Serving(registry, settings, metrics, reload::reload, watched(), null, () -> { },
                        registry.stateFile().getParent()));
            }
        } catch (DamagedStateException e) {
            LOG.log(System.Logger.Level.ERROR, e.getMessage());
            return ExitStatus.RUNTIME_FAILURE;
        } catch (IOException | UncheckedIOException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot use state directory " + stateDir + ": " + e.getMessage());
            return ExitStatus.RUNTIME_FAILURE;
        }
    }

    /**
     * What a node serves from: its registry (the central's own, or a follower's copy), the files
     * that reload it (none on a follower), and what starts feeding it once everything listens.
     */
    private record Serving(Registry registry, Settings settings, NodeMetrics metrics, ReloadHook reload,
                           List<Path> watched, URI following, Runnable startFeeding, Path state) {
    }

    private int serve(Serving s) throws IOException {
        Registry registry = s.registry();
        List<NodePart> parts = NodeParts.forNode(s.settings(), s.metrics().meters());
        List<Subscription> subscriptions = new ArrayList<>();
        ControlApiServer api = null;
        try {
            for (NodePart part : parts) {
                try {
                    subscriptions.add(registry.subscribe(part.name(), snapshot -> part.apply(snapshot.config())));
                } catch (Exception e) { // Netty rethrows a bind's IOException unchecked ("sneaky"); catch it here too
                    LOG.log(System.Logger.Level.ERROR, part.name() + " cannot start: " + e.getMessage(), e);
                    return ExitStatus.RUNTIME_FAILURE;
                }
            }
            Path tokenFile = s.settings().control().tokenFile();
            ReloadHook reload;
            try {
                BearerTokenCheck tokens = BearerTokenCheck.fromFile(tokenFile, BearerTokenCheck.LOOPBACK_HOST);
                reload = reason -> {
                    tokens.reread();
                    return s.reload().reload(reason);
                };
                api = ControlApiServer.start(s.settings().control().listen(), s.settings().control().tls(),
                        new ControlApiSetup(registry, tokens,
                        containerStates(parts), reload, s.metrics(), s.following(), ControlApiOptions.defaults()));
            } catch (IOException e) {
                LOG.log(System.Logger.Level.ERROR, e.getMessage());
                return ExitStatus.RUNTIME_FAILURE;
            }
            s.startFeeding().run();
            FileWatcher watcher = s.watched().isEmpty() ? null
                    : FileWatcher.start(s.watched(), QUIET, changed -> reload.reload(changed + " changed"));
            try {
                onHangup.set(() -> reload.reload("SIGHUP"));
                LOG.log(System.Logger.Level.INFO, "running at revision " + registry.current().revision() + " (state in "
                        + s.state() + "); " + (s.following() == null ? "a file change or SIGHUP reloads, "
                        : "following " + s.following() + ", ") + "SIGTERM stops");
                stop.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (watcher != null) {
                    watcher.close();
                }
            }
            LOG.log(System.Logger.Level.INFO, "stopping");
            return ExitStatus.OK;
        } finally {
            if (api != null) {
                api.close();
            }
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

    /** The part that knows container states (the proxy, once it implements the seam), else all ready. */
    private static ContainerStates containerStates(List<NodePart> parts) {
        return parts.stream().filter(ContainerStates.class::isInstance).map(ContainerStates.class::cast)
                .findFirst().orElse(ContainerStates.ALWAYS_READY);
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
