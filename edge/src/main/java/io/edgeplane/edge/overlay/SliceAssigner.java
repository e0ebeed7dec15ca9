package io.edgeplane.edge.overlay;

import io.edgeplane.conf.model.Cidr;
import io.edgeplane.conf.model.Config;
import io.edgeplane.conf.model.Inventory;
import io.edgeplane.conf.model.Server;
import io.edgeplane.conf.model.Settings;
import io.edgeplane.conf.registry.ApplyResult;
import io.edgeplane.conf.registry.Registry;
import io.edgeplane.conf.registry.Snapshot;
import io.edgeplane.conf.registry.Subscription;
import io.edgeplane.overlay.ipam.SliceAllocator;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The central's IPAM for servers: whenever a committed snapshot has the overlay enabled and a
 * server without a slice, it gives that server one ({@link SliceAllocator}) and commits it, so
 * the slices are in the registry's state (and in every follower's copy) like any inventory key.
 *
 * <p>Slices never move. A reload of inventory.yml or a {@code PUT /v1/inventory} replaces the
 * servers with ones that have no slice (unless the file names them); the slices seen before are
 * remembered here and handed back to the allocator, so the next revision restores them. It
 * subscribes before the files are applied at start, so it has seen the restored state first.
 *
 * <p>A subscriber runs under the registry's lock and must not change the registry, so the
 * commit is handed to one thread of its own; each commit recomputes from what is current then.
 */
public final class SliceAssigner implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("overlay");

    private final Registry registry;
    /** Server name to the slice it was last seen with; read and written under the registry's lock. */
    private final Map<String, Cidr> known = new ConcurrentHashMap<>();
    private final ExecutorService committer = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("overlay-ipam").daemon().factory());
    private final Subscription subscription;

    private SliceAssigner(Registry registry) {
        this.registry = registry;
        this.subscription = registry.subscribe("overlay-ipam", this::seen);
    }

    /** Starts assigning on {@code registry} (the central's own); the current snapshot is looked at at once. */
    public static SliceAssigner start(Registry registry) {
        return new SliceAssigner(registry);
    }

    private void seen(Snapshot snapshot) {
        Config config = snapshot.config();
        for (Server s : config.inventory().servers()) {
            if (s.slice() != null) {
                known.put(s.name(), s.slice());
            }
        }
        if (config.settings().overlay().enabled()
                && config.inventory().servers().stream().anyMatch(s -> s.slice() == null)) {
            committer.execute(this::commit);
        }
    }

    private void commit() {
        try {
            ApplyResult result = registry.update(this::withSlices);
            if (result instanceof ApplyResult.Rejected rejected) {
                LOG.log(Level.ERROR, "overlay slices not committed: " + rejected.errors());
            }
        } catch (IllegalStateException | UncheckedIOException e) {
            // closed while stopping, or the disk refused: the next snapshot tries again
            LOG.log(Level.WARNING, "overlay slices not committed: " + e.getMessage());
        }
    }

    /** {@code now} with a slice on every server; unchanged when none lacks one or the network is full. */
    Config withSlices(Config now) {
        Settings.Overlay overlay = now.settings().overlay();
        List<Server> servers = now.inventory().servers();
        if (!overlay.enabled() || servers.stream().allMatch(s -> s.slice() != null)) {
            return now;
        }
        Map<String, Cidr> previous = new LinkedHashMap<>(known);
        servers.stream().filter(s -> s.slice() != null).forEach(s -> previous.put(s.name(), s.slice()));
        Map<String, Cidr> assigned;
        try {
            assigned = SliceAllocator.assign(previous, servers, overlay.network(), overlay.slicePrefix());
        } catch (IllegalStateException | IllegalArgumentException e) {
            LOG.log(Level.ERROR, e.getMessage());
            return now;
        }
        List<Server> next = new ArrayList<>();
        List<String> given = new ArrayList<>();
        for (Server s : servers) {
            if (s.slice() != null) {
                next.add(s);
            } else {
                Cidr slice = assigned.get(s.name());
                next.add(s.withSlice(slice));
                given.add(s.name() + " " + slice);
            }
        }
        // forget servers that are gone, so the map does not grow with every rename
        known.keySet().retainAll(assigned.keySet());
        LOG.log(Level.INFO, "overlay slices: " + String.join(", ", given));
        Inventory i = now.inventory();
        return new Config(now.settings(), now.services(), new Inventory(next, i.containers(), i.databases()));
    }

    @Override
    public void close() {
        subscription.close();
        committer.shutdown();
        try {
            committer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
