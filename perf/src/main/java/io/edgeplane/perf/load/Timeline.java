package io.edgeplane.perf.load;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every finished request, filed by the second it finished in (counted from the start of the
 * load) and by the phase of the deploy it finished in: before the deploy command started, while
 * it ran, after it ended. Without a deploy every request is "before".
 */
final class Timeline {

    enum Phase { BEFORE, DURING, AFTER }

    /** What one second, or one phase, saw. */
    static final class Bucket {
        final LatencyHistogram ok = new LatencyHistogram();
        final LatencyHistogram all = new LatencyHistogram();
        final LongAdder errors = new LongAdder();
        final Map<String, LongAdder> errorKinds = new ConcurrentHashMap<>();

        void record(long micros, String error) {
            all.record(micros);
            if (error == null) {
                ok.record(micros);
            } else {
                errors.increment();
                errorKinds.computeIfAbsent(error, k -> new LongAdder()).increment();
            }
        }

        long requests() {
            return all.count();
        }

        /** "kind count, kind count", most frequent first; "-" when none. */
        String errorSummary() {
            if (errorKinds.isEmpty()) {
                return "-";
            }
            Map<String, Long> sorted = new TreeMap<>();
            errorKinds.forEach((k, v) -> sorted.put(k, v.sum()));
            StringBuilder b = new StringBuilder();
            sorted.entrySet().stream().sorted((x, y) -> Long.compare(y.getValue(), x.getValue())).forEach(e -> {
                if (!b.isEmpty()) {
                    b.append(", ");
                }
                b.append(e.getKey()).append(' ').append(e.getValue());
            });
            return b.toString();
        }
    }

    private final long startNanos;
    private final AtomicReferenceArray<Bucket> seconds;
    private final Bucket[] phases = {new Bucket(), new Bucket(), new Bucket()};
    private volatile long deployStartNanos = Long.MAX_VALUE;
    private volatile long deployEndNanos = Long.MAX_VALUE;

    Timeline(long startNanos, int seconds) {
        this.startNanos = startNanos;
        this.seconds = new AtomicReferenceArray<>(seconds + 1);
    }

    long startNanos() {
        return startNanos;
    }

    void deployStarted(long nanos) {
        deployStartNanos = nanos;
    }

    void deployEnded(long nanos) {
        deployEndNanos = nanos;
    }

    /** Seconds from the start of the load to the start and end of the deploy (NaN if not). */
    double deployStartSeconds() {
        return secondsOf(deployStartNanos);
    }

    double deployEndSeconds() {
        return secondsOf(deployEndNanos);
    }

    private double secondsOf(long nanos) {
        return nanos == Long.MAX_VALUE ? Double.NaN : (nanos - startNanos) / 1e9;
    }

    /** A request that finished at {@code endNanos}, having taken {@code micros}; error null if it succeeded. */
    void record(long endNanos, long micros, String error) {
        int s = (int) ((endNanos - startNanos) / 1_000_000_000L);
        if (s < 0 || s >= seconds.length()) {
            return;
        }
        second(s).record(micros, error);
        Phase p = endNanos < deployStartNanos ? Phase.BEFORE : endNanos < deployEndNanos ? Phase.DURING : Phase.AFTER;
        phases[p.ordinal()].record(micros, error);
    }

    Bucket second(int s) {
        Bucket b = seconds.get(s);
        if (b == null) {
            seconds.compareAndSet(s, null, new Bucket());
            b = seconds.get(s);
        }
        return b;
    }

    int secondCount() {
        return seconds.length() - 1;
    }

    Bucket phase(Phase p) {
        return phases[p.ordinal()];
    }
}
