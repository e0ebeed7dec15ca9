package io.edgeplane.edge.follow;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with "equal jitter": each wait is between half and all of a doubling
 * step, capped. The jitter keeps a fleet of nodes from knocking on a restarted central in step;
 * the lower half keeps any single node from retrying too eagerly.
 */
public final class Backoff {

    private final Duration first;
    private final Duration max;
    private int failures;

    public Backoff(Duration first, Duration max) {
        this.first = first;
        this.max = max;
    }

    /** The wait before the next try; each call doubles the step until {@code max}. */
    public Duration next() {
        long step = Math.min(max.toMillis(), first.toMillis() << Math.min(failures, 20));
        failures++;
        long half = step / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(step - half + 1));
    }

    /** After a success: the next failure waits {@code first} again. */
    public void reset() {
        failures = 0;
    }
}
