package io.edgeplane.edge.control;

import java.net.InetAddress;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * The control API's limits.
 *
 * @param maxBodyBytes          largest body of any request (a whole service.yml or inventory.yml); 413 beyond
 * @param maxContainerBodyBytes largest body of {@code POST /v1/containers}; 413 beyond
 * @param defaultWait           how long {@code GET /v1/state?wait=} waits without {@code timeout=}
 * @param maxWait               the longest {@code timeout=} honoured; longer ones are cut to it
 * @param trustedWithoutToken   callers that need no token (default: 127.0.0.1 and ::1)
 */
public record ControlApiOptions(int maxBodyBytes, int maxContainerBodyBytes, Duration defaultWait, Duration maxWait,
                                Predicate<InetAddress> trustedWithoutToken) {

    public static ControlApiOptions defaults() {
        return new ControlApiOptions(8 * 1024 * 1024, 64 * 1024, Duration.ofSeconds(30), Duration.ofMinutes(2),
                BearerTokenCheck.LOOPBACK_HOST);
    }

    public ControlApiOptions withMaxBodyBytes(int max) {
        return new ControlApiOptions(max, Math.min(maxContainerBodyBytes, max), defaultWait, maxWait, trustedWithoutToken);
    }

    public ControlApiOptions withTrustedWithoutToken(Predicate<InetAddress> trusted) {
        return new ControlApiOptions(maxBodyBytes, maxContainerBodyBytes, defaultWait, maxWait, trusted);
    }
}
