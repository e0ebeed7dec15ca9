package io.edgeplane.proxy.health;

import io.edgeplane.conf.model.HealthCheck;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * One check of one container. Blocking with a timeout: probes run on virtual threads, never on
 * an event loop or on the prober's scheduler.
 */
interface Probe {

    /** True when the container passed; false on refusal, timeout or a status the rule rejects. */
    boolean check(InetSocketAddress address, Duration timeout);

    static Probe forRule(HealthCheck rule) {
        if (rule == null || rule.endpoint() == null || rule.endpoint().isBlank()) {
            return new TcpConnectProbe();
        }
        return new HttpStatusProbe(rule);
    }
}
