package io.edgeplane.proxy.health;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * The probing state of one container: ready after one passed probe, unready after
 * {@code failuresToUnready} failed ones in a row. Written only on the prober's scheduler
 * thread; {@link #ready()} is read from anywhere (event loops included) without locks.
 */
final class ContainerProbe {

    private final ProbeTarget target;
    private final Probe probe;
    private final Duration timeout;
    private final CompletableFuture<Boolean> firstResult = new CompletableFuture<>();
    private volatile boolean ready;
    private volatile boolean stopped;
    private int failures;
    private ScheduledFuture<?> next;

    ContainerProbe(ProbeTarget target, Probe probe, Duration timeout) {
        this.target = target;
        this.probe = probe;
        this.timeout = timeout;
        // Nothing to probe (a service without ports): ready as soon as it has an address.
        this.ready = !target.probed();
        if (!target.probed()) {
            firstResult.complete(true);
        }
    }

    ProbeTarget target() {
        return target;
    }

    boolean ready() {
        return ready;
    }

    boolean stopped() {
        return stopped;
    }

    CompletableFuture<Boolean> firstResult() {
        return firstResult;
    }

    /** Runs the check itself: blocking, called on a virtual thread. */
    boolean check() {
        return probe.check(target.address(), timeout);
    }

    /** Records one result; true when readiness changed. */
    boolean record(boolean passed, int failuresToUnready) {
        boolean was = ready;
        if (passed) {
            failures = 0;
            ready = true;
        } else if (++failures >= failuresToUnready || !was) {
            ready = false;
        }
        firstResult.complete(passed);
        return was != ready;
    }

    int failures() {
        return failures;
    }

    void next(ScheduledFuture<?> future) {
        this.next = future;
    }

    void stop() {
        stopped = true;
        ScheduledFuture<?> f = next;
        if (f != null) {
            f.cancel(false);
        }
        firstResult.complete(false);
    }
}
