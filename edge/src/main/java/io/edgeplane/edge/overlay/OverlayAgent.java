package io.edgeplane.edge.overlay;

import io.edgeplane.conf.model.Cidr;
import io.edgeplane.conf.model.Config;
import io.edgeplane.conf.model.Server;
import io.edgeplane.conf.model.Settings;
import io.edgeplane.overlay.ContainerNet;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The overlay part of a node: {@link ContainerNet} opened on the first snapshot (so a missing key
 * file stops {@code edge run} with the part's name, exit 2), then fed every snapshot.
 *
 * <p>Slices come from the registry (the central's {@link SliceAssigner}). ContainerNet also runs
 * the same allocator over what it saw before, for the moment between a server appearing and the
 * central's slice arriving; its {@code persist} hook is where the registry's answer wins.
 */
public final class OverlayAgent implements AutoCloseable {

    private final Settings.Overlay settings;
    private final OverlayMeters meters;
    // Written under this; volatile for the meters, which read the counters at scrape time.
    private volatile ContainerNet net;
    /** The snapshot being applied, for the persist hook (applies come one at a time). */
    private Config applying;

    /** @param meters where {@code edge.overlay.*} go (see {@link OverlayMeters}) */
    public OverlayAgent(Settings.Overlay settings, MeterRegistry meters) {
        this.settings = settings;
        this.meters = new OverlayMeters(meters, counter -> {
            ContainerNet n = net;
            return n == null ? 0 : n.stats().get(counter);
        }, () -> {
            ContainerNet n = net;
            return n == null ? 0 : n.device().peers().size();
        });
    }

    /** Opens cnet0 and the overlay port on the first call; applies {@code config}. */
    public synchronized void apply(Config config) {
        applying = config;
        try {
            if (net == null) {
                net = ContainerNet.open(settings, registrySlices(config), this::preferRegistry);
                net.start();
                RunningOverlay.publish(this);
            }
            net.apply(config);
            meters.peers(net.device().peers().stream().map(OverlayMeters.PeerSource::of).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    private Map<String, Cidr> preferRegistry(Map<String, Cidr> computed) {
        Map<String, Cidr> merged = new LinkedHashMap<>(computed);
        merged.putAll(registrySlices(applying));
        return merged;
    }

    private static Map<String, Cidr> registrySlices(Config config) {
        Map<String, Cidr> slices = new LinkedHashMap<>();
        for (Server s : config.inventory().servers()) {
            if (s.slice() != null) {
                slices.put(s.name(), s.slice());
            }
        }
        return slices;
    }

    /** What {@code GET /v1/overlay} shows; null before the first snapshot opened the device. */
    synchronized OverlayReport report() {
        return net == null ? null : OverlayReport.of(net, applying);
    }

    @Override
    public synchronized void close() throws IOException {
        RunningOverlay.withdraw(this);
        meters.close();
        if (net != null) {
            net.close();
            net = null;
        }
    }
}
