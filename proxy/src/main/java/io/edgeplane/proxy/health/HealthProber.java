package io.edgeplane.proxy.health;

import io.edgeplane.conf.model.Config;
import io.edgeplane.conf.model.Container;
import io.edgeplane.conf.registry.Readiness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Probes every addressed container of the configuration and answers {@link Readiness} from the
 * results: the one readiness the HTTP proxy, the TCP/UDP proxy and ElasticDNS share on a node.
 *
 * <p>Threads: one scheduler thread decides when to probe and records results; each probe
 * (blocking, with a timeout) runs on its own virtual thread, so a black-holed container costs
 * a parked virtual thread, never a stalled schedule or an event loop. Change listeners run on a
 * third thread, one at a time, and a burst of changes is coalesced into one call.
 *
 * <p>A container is ready after one passed probe and unready after
 * {@link HealthOptions#failuresToUnready()} failed ones in a row (see {@link HealthOptions} for
 * why). Unready containers are probed every {@link HealthOptions#unreadyInterval()}, ready
 * ones every {@link HealthOptions#readyInterval()}.
 */
public final class HealthProber implements Readiness, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(HealthProber.class.getName());

    private final HealthOptions options;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService notifier;
    private final ConcurrentHashMap<String, ContainerProbe> probes = new ConcurrentHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean notifyPending = new AtomicBoolean();
    private volatile boolean closed;

    public HealthProber(HealthOptions options) {
        this.options = options;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("edge-health").daemon()
                .factory());
        this.notifier = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("edge-health-notify").daemon()
                .factory());
    }

    public HealthProber() {
        this(HealthOptions.defaults());
    }

    /**
     * Probes what {@code config} lists: containers it no longer lists (or lists with another
     * address, port or rule) stop being probed, new ones are probed at once. Waits up to
     * {@link HealthOptions#firstProbeWait()} for the first answers of the new ones, so parts
     * applied after this one see a container that is already up as ready. Call it before the
     * parts that ask it, from the configuration thread.
     */
    public synchronized void apply(Config config) {
        if (closed) {
            throw new IllegalStateException("prober closed");
        }
        Map<String, ProbeTarget> wanted = ProbeTargets.of(config);
        Iterator<Map.Entry<String, ContainerProbe>> it = probes.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, ContainerProbe> e = it.next();
            if (!e.getValue().target().equals(wanted.get(e.getKey()))) {
                e.getValue().stop();
                it.remove();
            }
        }
        List<CompletableFuture<Boolean>> first = new ArrayList<>();
        for (ProbeTarget target : wanted.values()) {
            if (probes.containsKey(target.containerId())) {
                continue;
            }
            Duration timeout = options.probeTimeout(target.rule() == null ? null : target.rule().timeout());
            ContainerProbe p = new ContainerProbe(target, Probe.forRule(target.rule()), timeout);
            probes.put(target.containerId(), p);
            if (target.probed()) {
                first.add(p.firstResult());
                scheduler.execute(() -> probe(p));
            }
        }
        awaitFirst(first);
    }

    private void awaitFirst(List<CompletableFuture<Boolean>> first) {
        if (first.isEmpty()) {
            return;
        }
        try {
            CompletableFuture.allOf(first.toArray(CompletableFuture[]::new))
                    .get(options.firstProbeWait().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // Slow starters are taken in by a change notification once they pass.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // a probe future never completes exceptionally
        }
    }

    @Override
    public boolean ready(Container container) {
        if (container.address() == null) {
            return false;
        }
        ContainerProbe p = probes.get(container.id());
        return p != null && p.ready();
    }

    @Override
    public AutoCloseable onChange(Runnable listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Every probed container by id and whether it is ready now (for status and tests). */
    public Map<String, Boolean> readiness() {
        Map<String, Boolean> m = new java.util.TreeMap<>();
        probes.forEach((id, p) -> m.put(id, p.ready()));
        return m;
    }

    // ------------------------------------------------------------ on the scheduler thread

    private void probe(ContainerProbe p) {
        if (p.stopped() || closed) {
            return;
        }
        Thread.ofVirtual().name("edge-probe-" + p.target().containerId()).start(() -> {
            boolean passed = p.check();
            try {
                scheduler.execute(() -> recorded(p, passed));
            } catch (RejectedExecutionException e) {
                // closed meanwhile
            }
        });
    }

    private void recorded(ContainerProbe p, boolean passed) {
        if (p.stopped() || closed) {
            return;
        }
        if (p.record(passed, options.failuresToUnready())) {
            String id = p.target().containerId();
            if (p.ready()) {
                LOG.log(System.Logger.Level.INFO, "container {0} is ready ({1} passed)", id, what(p));
            } else {
                LOG.log(System.Logger.Level.WARNING, "container {0} is unready: {1} failed {2} times in a row", id,
                        what(p), p.failures());
            }
            changed();
        }
        Duration next = p.ready() ? options.readyInterval() : options.unreadyInterval();
        p.next(scheduler.schedule(() -> probe(p), next.toNanos(), TimeUnit.NANOSECONDS));
    }

    private static String what(ContainerProbe p) {
        ProbeTarget t = p.target();
        String where = t.address().getAddress().getHostAddress() + ":" + t.address().getPort();
        return t.rule() == null || t.rule().endpoint() == null ? "TCP connect to " + where
                : "GET http://" + where + t.rule().endpoint();
    }

    private void changed() {
        if (notifyPending.compareAndSet(false, true)) {
            try {
                notifier.execute(() -> {
                    notifyPending.set(false);
                    for (Runnable l : listeners) {
                        try {
                            l.run();
                        } catch (RuntimeException e) {
                            LOG.log(System.Logger.Level.ERROR, "readiness listener failed: " + e, e);
                        }
                    }
                });
            } catch (RejectedExecutionException e) {
                notifyPending.set(false);
            }
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        probes.values().forEach(ContainerProbe::stop);
        scheduler.shutdownNow();
        notifier.shutdownNow();
    }
}
