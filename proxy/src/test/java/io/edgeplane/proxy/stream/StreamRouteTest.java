package io.edgeplane.proxy.stream;

import io.edgeplane.conf.model.ProxyProtocol;
import io.edgeplane.proxy.upstream.PassiveHealth;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The order in which a new connection tries containers: round-robin, those passive health took out last. */
class StreamRouteTest {

    private static final long SECOND = 1_000_000_000L;

    private static StreamTarget target(String id, int port, PassiveHealth health) {
        return new StreamTarget(id, "db", 1, new InetSocketAddress(InetAddress.getLoopbackAddress(), port), health);
    }

    @Test
    void roundRobinWhileAllAreAvailable() {
        StreamTarget a = target("a", 1, new PassiveHealth(1, SECOND));
        StreamTarget b = target("b", 2, new PassiveHealth(1, SECOND));
        StreamTarget c = target("c", 3, new PassiveHealth(1, SECOND));
        StreamRoute route = new StreamRoute(9000, "db", 7, List.of(a, b, c), ProxyProtocol.NONE);
        assertEquals(List.of(a, b, c), route.order(0));
        assertEquals(List.of(b, c, a), route.order(0));
        assertEquals(List.of(c, a, b), route.order(0));
    }

    @Test
    void aContainerTakenOutComesLastUntilFailTimeoutPasses() {
        PassiveHealth failing = new PassiveHealth(1, 10 * SECOND);
        StreamTarget a = target("a", 1, failing);
        StreamTarget b = target("b", 2, new PassiveHealth(1, SECOND));
        StreamTarget c = target("c", 3, new PassiveHealth(1, SECOND));
        StreamRoute route = new StreamRoute(9000, "db", 7, List.of(a, b, c), ProxyProtocol.NONE);
        failing.failed(SECOND);
        assertEquals(List.of(b, c, a), route.order(2 * SECOND));
        assertEquals(List.of(b, c, a), route.order(2 * SECOND), "rotation b first: a is still last");
        assertEquals(List.of(c, b, a), route.order(2 * SECOND));
        assertEquals(List.of(a, b, c), route.order(11 * SECOND), "back in after fail_timeout");
    }

    @Test
    void allTakenOutAreStillAllTriedInTurn() {
        PassiveHealth x = new PassiveHealth(1, 10 * SECOND);
        PassiveHealth y = new PassiveHealth(1, 10 * SECOND);
        StreamTarget a = target("a", 1, x);
        StreamTarget b = target("b", 2, y);
        x.failed(0);
        y.failed(0);
        StreamRoute route = new StreamRoute(9000, "db", 7, List.of(a, b), ProxyProtocol.NONE);
        assertEquals(List.of(a, b), route.order(SECOND));
        assertEquals(List.of(b, a), route.order(SECOND));
    }

    @Test
    void targetsAreEqualWhateverTheirHealthState() {
        StreamTarget one = target("a", 1, new PassiveHealth(1, SECOND));
        StreamTarget other = target("a", 1, new PassiveHealth(1, SECOND));
        assertEquals(one, other, "a forgotten and recreated health state is still the same container");
        assertEquals(one.hashCode(), other.hashCode());
        assertNotEquals(one, target("a", 2, StreamTarget.ALWAYS_AVAILABLE));
    }
}
