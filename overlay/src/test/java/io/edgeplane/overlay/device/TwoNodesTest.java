package io.edgeplane.overlay.device;

import static org.junit.jupiter.api.Assertions.*;

import io.edgeplane.conf.model.Cidr;
import io.edgeplane.overlay.crypto.X25519;
import io.edgeplane.overlay.noise.Messages;
import io.edgeplane.overlay.noise.NoisePublicKey;
import io.edgeplane.overlay.noise.Protocol;
import io.edgeplane.overlay.tun.MemoryTun;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two whole devices over an in-memory TUN and underlay, with a clock the test moves. */
class TwoNodesTest {

    static final byte[] MARKER = "EDGEPLANE-PLAINTEXT-MARKER".getBytes(StandardCharsets.US_ASCII);

    final AtomicLong clock = new AtomicLong(1_000_000_000_000L);
    final MemoryNetwork net = new MemoryNetwork();
    final byte[] keyA = X25519.generatePrivateKey();
    final byte[] keyB = X25519.generatePrivateKey();
    final byte[] psk = X25519.generatePrivateKey();
    MemoryTun tunA;
    MemoryTun tunB;
    MemoryNetwork.MemoryBind bindA;
    MemoryNetwork.MemoryBind bindB;
    Device a;
    Device b;

    @BeforeEach
    void start() {
        tunA = new MemoryTun(1420);
        bindA = net.bind("192.0.2.1", 6784);
        tunB = new MemoryTun(1420);
        bindB = net.bind("192.0.2.2", 6784);
        a = device(keyA, tunA, bindA);
        b = device(keyB, tunB, bindB);
    }

    Device device(byte[] key, MemoryTun tun, MemoryNetwork.MemoryBind bind) {
        Device d = new Device(key, tun, bind, clock::get, new Device.Options(1, 2, 10));
        d.apply(table());
        d.start();
        return d;
    }

    PeerTable table() {
        return new PeerTable(List.of(
                new PeerSpec("a", new NoisePublicKey(X25519.publicKey(keyA)), bindA.address(),
                        List.of(Cidr.parse("10.32.1.0/24"), Cidr.parse("fd32:0:0:1::/64")), psk),
                new PeerSpec("b", new NoisePublicKey(X25519.publicKey(keyB)), bindB.address(),
                        List.of(Cidr.parse("10.32.2.0/24"), Cidr.parse("fd32:0:0:2::/64")), psk)));
    }

    @AfterEach
    void stop() throws Exception {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    byte[] ping(String src, String dst, int n) {
        byte[] payload = new byte[MARKER.length + 4];
        System.arraycopy(MARKER, 0, payload, 0, MARKER.length);
        payload[MARKER.length] = (byte) n;
        return src.contains(":") ? Packets.ipv6(src, dst, payload) : Packets.ipv4(src, dst, payload);
    }

    @Test
    void packetsCrossBothWaysEncryptedIpv4AndIpv6() throws Exception {
        byte[] p1 = ping("10.32.1.5", "10.32.2.7", 1);
        tunA.inject(p1);
        byte[] got1 = tunB.take(3000);
        assertArrayEquals(p1, got1, "first packet waits for the handshake, then arrives");
        byte[] p2 = ping("10.32.2.7", "10.32.1.5", 2);
        tunB.inject(p2);
        assertArrayEquals(p2, tunA.take(3000));
        byte[] p3 = ping("fd32:0:0:1::5", "fd32:0:0:2::7", 3);
        tunA.inject(p3);
        assertArrayEquals(p3, tunB.take(3000));
        assertEquals(1, a.stats().get("handshakes_completed"));
        assertEquals(1, b.stats().get("handshakes_completed"));
        for (MemoryNetwork.Datagram d : net.log) {
            assertFalse(contains(d.bytes(), MARKER), "plaintext on the underlay");
            int type = d.bytes()[0];
            assertTrue(type >= 1 && type <= 4);
            if (type == Messages.TRANSPORT) {
                assertEquals(0, (d.bytes().length - 16) % 16, "padded to 16");
            }
        }
    }

    @Test
    void eachPeerCountsItsOwnBytesAndHandshakes() throws Exception {
        byte[] p1 = ping("10.32.1.5", "10.32.2.7", 1);
        tunA.inject(p1);
        assertArrayEquals(p1, tunB.take(3000));
        byte[] p2 = ping("10.32.2.7", "10.32.1.5", 2);
        tunB.inject(p2);
        assertArrayEquals(p2, tunA.take(3000));
        Peer bSeenByA = a.peers().iterator().next();
        Peer aSeenByB = b.peers().iterator().next();
        assertEquals("b", bSeenByA.name());
        assertEquals(p1.length, bSeenByA.txBytes());
        assertEquals(p2.length, bSeenByA.rxBytes());
        assertEquals(p1.length, aSeenByB.rxBytes());
        assertEquals(p2.length, aSeenByB.txBytes());
        // the device's totals are the sums over its peers (one peer here)
        assertEquals(a.stats().get("tx_bytes"), bSeenByA.txBytes());
        assertEquals(a.stats().get("rx_bytes"), bSeenByA.rxBytes());
        assertEquals(1, bSeenByA.handshakes());
        assertEquals(1, aSeenByB.handshakes());
    }

    @Test
    void noRouteIsDroppedAndCounted() throws Exception {
        tunA.inject(ping("10.32.1.5", "10.40.0.1", 1));
        waitFor(() -> a.stats().get("drop_no_route") == 1);
        assertTrue(net.log.isEmpty());
    }

    @Test
    void alteredReplayedAndSpoofedPacketsAreDropped() throws Exception {
        tunA.inject(ping("10.32.1.5", "10.32.2.7", 1));
        assertNotNull(tunB.take(3000));
        MemoryNetwork.Datagram data = net.log.stream().filter(d -> d.bytes()[0] == 4 && d.bytes().length > 32)
                .reduce((x, y) -> y).orElseThrow();

        byte[] altered = data.bytes().clone();
        altered[altered.length - 20] ^= 0x40;
        net.inject(data.from(), data.to(), altered);
        waitFor(() -> b.stats().get("drop_authentication") == 1);

        net.inject(data.from(), data.to(), data.bytes());
        waitFor(() -> b.stats().get("drop_replay") == 1);

        // a peer may only send from its own slice: A claims an address of B's slice
        tunA.inject(ping("10.32.2.99", "10.32.2.7", 2));
        waitFor(() -> b.stats().get("drop_source_not_allowed") == 1);

        byte[] unknown = data.bytes().clone();
        unknown[4] ^= 1;
        net.inject(data.from(), data.to(), unknown);
        waitFor(() -> b.stats().get("drop_unknown_index") == 1);
        assertEquals(0, tunB.pendingWrites());
        assertNull(tunB.take(100));
    }

    @Test
    void keepaliveAnswersDataAndRekeyHappensAfterRekeyAfterTime() throws Exception {
        tunA.inject(ping("10.32.1.5", "10.32.2.7", 1));
        assertNotNull(tunB.take(3000));
        long keepalivesBefore = a.stats().get("keepalives_received");
        clock.addAndGet(Protocol.KEEPALIVE_TIMEOUT + 1);
        b.tick();
        waitFor(() -> a.stats().get("keepalives_received") == keepalivesBefore + 1);

        clock.addAndGet(Protocol.REKEY_AFTER_TIME);
        laterTimestamp();
        tunA.inject(ping("10.32.1.5", "10.32.2.7", 2));
        assertNotNull(eventually(tunB));
        waitFor(() -> a.stats().get("handshakes_completed") >= 2);
        tunA.inject(ping("10.32.1.5", "10.32.2.7", 3));
        assertNotNull(tunB.take(3000));
    }

    @Test
    void expiredSessionIsNeverUsedAndANewHandshakeCarriesTheTraffic() throws Exception {
        tunA.inject(ping("10.32.1.5", "10.32.2.7", 1));
        assertNotNull(tunB.take(3000));
        int oldIndex = b.peers().iterator().next().keypairs.current().remoteIndex();
        int before = net.log.size();
        clock.addAndGet(Protocol.REJECT_AFTER_TIME + 1);
        laterTimestamp();
        byte[] p2 = ping("10.32.2.7", "10.32.1.5", 2);
        tunB.inject(p2);
        assertArrayEquals(p2, eventually(tunA));
        assertTrue(net.log.subList(before, net.log.size()).stream()
                .filter(d -> d.from().equals(bindB.address()) && d.bytes()[0] == Messages.TRANSPORT)
                .noneMatch(d -> Messages.u32(d.bytes(), Messages.RECEIVER_OFFSET) == oldIndex), "B used dead keys");
    }

    /**
     * Waits for a packet on {@code tun}, moving the clock past REKEY_TIMEOUT when nothing comes:
     * after a clock jump both sides may initiate at once, and as in wireguard-go the crossed
     * handshakes only resolve when an initiation is retransmitted.
     */
    byte[] eventually(MemoryTun tun) throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            byte[] p = tun.take(500);
            if (p != null) {
                return p;
            }
            clock.addAndGet(Protocol.REKEY_TIMEOUT + Protocol.REKEY_TIMEOUT_JITTER_MAX_MS * 1_000_000L);
            laterTimestamp();
            a.tick();
            b.tick();
        }
        return tun.take(500);
    }

    @Test
    void lostInitiationIsRetransmittedAfterRekeyTimeout() throws Exception {
        net.wire = d -> d.bytes()[0] == Messages.INITIATION ? null : d;
        tunA.inject(ping("10.32.1.5", "10.32.2.7", 1));
        waitFor(() -> a.stats().get("initiations_sent") == 1);
        net.wire = d -> d;
        clock.addAndGet(Protocol.REKEY_TIMEOUT + Protocol.REKEY_TIMEOUT_JITTER_MAX_MS * 1_000_000L);
        a.tick();
        assertNotNull(tunB.take(3000), "the staged packet goes out after the retry");
        assertEquals(2, a.stats().get("initiations_sent"));
    }

    @Test
    void counterAtRejectAfterMessagesForcesANewSession() throws Exception {
        tunA.inject(ping("10.32.1.5", "10.32.2.7", 1));
        assertNotNull(tunB.take(3000));
        a.peers().iterator().next().keypairs.current().skipCountersTo(Protocol.REJECT_AFTER_MESSAGES);
        clock.addAndGet(Protocol.REKEY_TIMEOUT + 1);
        laterTimestamp();
        tunA.inject(ping("10.32.1.5", "10.32.2.7", 2));
        assertNotNull(eventually(tunB));
        assertTrue(a.stats().get("handshakes_completed") >= 2);
    }

    @Test
    void restartedPeerHandshakesAgainAndTrafficResumes() throws Exception {
        tunA.inject(ping("10.32.1.5", "10.32.2.7", 1));
        assertNotNull(tunB.take(3000));
        a.close();
        tunA = new MemoryTun(1420);
        bindA = net.bind("192.0.2.1", 6784);
        clock.addAndGet(Protocol.HANDSHAKE_INITIATION_RATE + 1);
        laterTimestamp();
        a = device(keyA, tunA, bindA);
        // B still holds the old session and uses it: A drops those packets (unknown index) ...
        tunB.inject(ping("10.32.2.7", "10.32.1.5", 2));
        waitFor(() -> a.stats().get("drop_unknown_index") == 1);
        // ... until B's data goes unanswered; A's own traffic makes a new session right away
        tunA.inject(ping("10.32.1.5", "10.32.2.7", 3));
        assertNotNull(tunB.take(3000));
        tunB.inject(ping("10.32.2.7", "10.32.1.5", 4));
        assertNotNull(tunA.take(3000));
    }

    @Test
    void underLoadTheResponderAsksForACookieFirst() throws Exception {
        b.forceUnderLoad(true);
        tunA.inject(ping("10.32.1.5", "10.32.2.7", 1));
        waitFor(() -> a.stats().get("cookie_replies_consumed") == 1);
        assertEquals(1, b.stats().get("cookie_replies_sent"));
        clock.addAndGet(Protocol.REKEY_TIMEOUT + Protocol.REKEY_TIMEOUT_JITTER_MAX_MS * 1_000_000L);
        a.tick();
        assertNotNull(tunB.take(3000), "the retry carries mac2 and is answered");
    }

    @Test
    void applyKeepsSessionsAndRemovesPeers() throws Exception {
        tunA.inject(ping("10.32.1.5", "10.32.2.7", 1));
        assertNotNull(tunB.take(3000));
        a.apply(table());
        tunA.inject(ping("10.32.1.5", "10.32.2.7", 2));
        assertNotNull(tunB.take(3000));
        assertEquals(1, a.stats().get("handshakes_completed"));
        a.apply(new PeerTable(List.of()));
        assertTrue(a.peers().isEmpty());
        tunA.inject(ping("10.32.1.5", "10.32.2.7", 3));
        waitFor(() -> a.stats().get("drop_no_route") == 1);
    }

    @Test
    void paddingFollowsWireguardGo() {
        assertEquals(12, Send.paddingSize(20, 1420));
        assertEquals(0, Send.paddingSize(0, 1420));
        assertEquals(0, Send.paddingSize(1420, 1420));
        assertEquals(1, Send.paddingSize(1419, 1420));
    }

    /**
     * The fake clock moves seconds in no time, but initiations carry the wall clock's TAI64N
     * (16 ms granularity) and the responder refuses one not newer than the last: wait it out.
     */
    static void laterTimestamp() throws InterruptedException {
        Thread.sleep(20);
    }

    static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + 3_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail("condition not met within 3 s");
            }
            Thread.sleep(5);
        }
    }
}
