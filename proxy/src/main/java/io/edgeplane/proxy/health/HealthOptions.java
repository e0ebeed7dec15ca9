package io.edgeplane.proxy.health;

import java.time.Duration;

/**
 * How often and how patiently containers are probed.
 *
 * @param unreadyInterval   between probes of a container not (yet) ready: short, so a new
 *                          version takes traffic about a second after it can
 * @param readyInterval     between probes of a ready container: longer, it is mostly confirming
 * @param failuresToUnready consecutive failures that take a ready container out; one success
 *                          makes a container ready. Three (with the ready interval) rides out a
 *                          garbage-collection pause or one lost SYN, while passive health
 *                          (max_fails) already skips a container that fails real requests
 * @param maxProbeTimeout   cap on one probe: the rule's {@code timeout} (Cloud 66's default is
 *                          30 s, meant as a whole readiness window) bounds each probe up to this
 * @param firstProbeWait    how long {@link HealthProber#apply} waits for the first answer of
 *                          containers it has not seen before, so a container that is already up
 *                          serves from the revision that adds it
 */
public record HealthOptions(Duration unreadyInterval, Duration readyInterval, int failuresToUnready,
                            Duration maxProbeTimeout, Duration firstProbeWait) {

    public static HealthOptions defaults() {
        // The first wait outlasts one probe timeout, so even a loaded machine has its answer.
        return new HealthOptions(Duration.ofSeconds(1), Duration.ofSeconds(3), 3, Duration.ofSeconds(2),
                Duration.ofSeconds(3));
    }

    /** Probe timeout for a rule timeout (null: none given). */
    Duration probeTimeout(Duration ruleTimeout) {
        if (ruleTimeout == null || ruleTimeout.isZero() || ruleTimeout.isNegative()
                || ruleTimeout.compareTo(maxProbeTimeout) > 0) {
            return maxProbeTimeout;
        }
        return ruleTimeout;
    }
}
