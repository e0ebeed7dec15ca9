package io.edgeplane.overlay.noise;

import static io.edgeplane.overlay.crypto.Hex.bytes;
import static io.edgeplane.overlay.crypto.Hex.hex;
import static org.junit.jupiter.api.Assertions.*;

import io.edgeplane.overlay.crypto.Aead;
import io.edgeplane.overlay.crypto.X25519;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole handshake against known answers from an independent reference
 * (src/test/resources/kat/wireguard_kat.py, Python hashlib + cryptography), then two in-memory
 * peers with random keys, replays, floods and cookies.
 */
class HandshakeTest {

    private static Properties kat;

    @BeforeAll
    static void load() throws Exception {
        kat = new Properties();
        try (InputStream in = HandshakeTest.class.getResourceAsStream("/kat/handshake.properties")) {
            kat.load(in);
        }
    }

    private static byte[] k(String name) {
        return bytes(kat.getProperty(name));
    }

    private static int index(String name) {
        return (int) Long.parseLong(kat.getProperty(name));
    }

    @Test
    void handshakeAndTransportMatchKnownAnswers() throws Exception {
        Noise initiator = new Noise(k("initiator.private"), () -> k("initiator.ephemeral"), () -> k("timestamp"));
        Noise responder = new Noise(k("responder.private"), () -> k("responder.ephemeral"), () -> k("timestamp"));
        assertEquals(kat.getProperty("initiator.public"), hex(initiator.publicKey().bytes()));
        assertEquals(kat.getProperty("responder.public"), hex(responder.publicKey().bytes()));

        Handshake iHs = new Handshake(k("initiator.private"), responder.publicKey(), k("psk"));
        Handshake rHs = new Handshake(k("responder.private"), initiator.publicKey(), k("psk"));
        AtomicLong clock = new AtomicLong(1_000_000_000_000L);

        byte[] init = initiator.createInitiation(iHs, index("initiator.index"));
        new CookieGenerator(responder.publicKey(), clock::get).addMacs(init);
        assertEquals(kat.getProperty("initiation"), hex(init));

        CookieChecker rChecker = new CookieChecker(responder.publicKey(), clock::get);
        assertTrue(rChecker.checkMac1(init));
        assertSame(rHs, responder.consumeInitiation(init, clock.get(), key -> key.equals(initiator.publicKey()) ? rHs : null));
        byte[] resp = responder.createResponse(rHs, index("responder.index"));
        new CookieGenerator(initiator.publicKey(), clock::get).addMacs(resp);
        assertEquals(kat.getProperty("response"), hex(resp));

        assertTrue(initiator.consumeResponse(resp, iHs));
        Keypair iKp = Noise.beginSession(iHs, clock.get());
        Keypair rKp = Noise.beginSession(rHs, clock.get());
        assertTrue(iKp.initiator());
        assertFalse(rKp.initiator());
        assertEquals(kat.getProperty("initiator.send"), hex(iKp.sendKey().getEncoded()));
        assertEquals(kat.getProperty("initiator.receive"), hex(iKp.receiveKey().getEncoded()));
        assertArrayEquals(iKp.sendKey().getEncoded(), rKp.receiveKey().getEncoded());
        assertArrayEquals(iKp.receiveKey().getEncoded(), rKp.sendKey().getEncoded());
        assertEquals(index("responder.index"), iKp.remoteIndex());
        assertEquals(index("initiator.index"), rKp.remoteIndex());

        // transport: header | counter | AEAD(padded packet); compare with the reference bytes
        byte[] payload = k("payload");
        byte[] padded = new byte[(payload.length + 15) / 16 * 16];
        System.arraycopy(payload, 0, padded, 0, payload.length);
        ByteBuffer out = ByteBuffer.allocate(16 + padded.length + 16);
        out.put(new byte[] {4, 0, 0, 0});
        out.order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(iKp.remoteIndex()).putLong(iKp.nextCounter());
        new Aead().seal(iKp.sendKey(), 0, ByteBuffer.wrap(padded), out);
        assertEquals(kat.getProperty("transport"), hex(out.array()));
        byte[] opened = new Aead().open(rKp.receiveKey(), 0, out.array(), 16, out.capacity() - 16, null);
        assertArrayEquals(padded, opened);
    }

    @Test
    void twoPeersHandshakeAndRefuseReplayFloodAndStrangers() {
        byte[] a = X25519.generatePrivateKey();
        byte[] b = X25519.generatePrivateKey();
        Noise na = new Noise(a);
        Noise nb = new Noise(b);
        Handshake ab = new Handshake(a, nb.publicKey(), null);
        Handshake ba = new Handshake(b, na.publicKey(), null);
        long now = 5_000_000_000L;

        byte[] init = na.createInitiation(ab, 7);
        assertNotNull(nb.consumeInitiation(init, now, key -> key.equals(na.publicKey()) ? ba : null));
        // the same initiation again: its timestamp is not newer
        assertNull(nb.consumeInitiation(init, now + Protocol.REKEY_TIMEOUT, key -> ba));
        // a stranger's initiation: no handshake for its key
        Noise stranger = new Noise(X25519.generatePrivateKey());
        byte[] strange = stranger.createInitiation(new Handshake(stranger.staticPrivate(), nb.publicKey(), null), 9);
        assertNull(nb.consumeInitiation(strange, now, key -> key.equals(na.publicKey()) ? ba : null));

        byte[] resp = nb.createResponse(ba, 8);
        assertTrue(na.consumeResponse(resp, ab));
        assertFalse(na.consumeResponse(resp, ab), "a response is consumed once");
        Keypair ka = Noise.beginSession(ab, now);
        Keypair kb = Noise.beginSession(ba, now);
        assertArrayEquals(ka.sendKey().getEncoded(), kb.receiveKey().getEncoded());

        // a fresh initiation within 50 ms of the last one consumed is a flood
        sleepPastTimestampGranularity();
        byte[] again = na.createInitiation(ab, 10);
        assertNull(nb.consumeInitiation(again, now + 10_000_000L, key -> ba));
        byte[] later = na.createInitiation(ab, 11);
        assertNotNull(nb.consumeInitiation(later, now + Protocol.HANDSHAKE_INITIATION_RATE + 1, key -> ba));
    }

    @Test
    void pskMismatchFailsTheResponse() {
        byte[] a = X25519.generatePrivateKey();
        byte[] b = X25519.generatePrivateKey();
        Noise na = new Noise(a);
        Noise nb = new Noise(b);
        byte[] psk = new byte[32];
        psk[0] = 1;
        Handshake ab = new Handshake(a, nb.publicKey(), psk);
        Handshake ba = new Handshake(b, na.publicKey(), null);
        assertNotNull(nb.consumeInitiation(na.createInitiation(ab, 1), 0, key -> ba));
        assertFalse(na.consumeResponse(nb.createResponse(ba, 2), ab));
    }

    @Test
    void cookieReplyGivesTheInitiatorAWorkingMac2() throws Exception {
        AtomicLong clock = new AtomicLong(0);
        byte[] a = X25519.generatePrivateKey();
        Noise na = new Noise(a);
        Noise nb = new Noise(X25519.generatePrivateKey());
        CookieGenerator gen = new CookieGenerator(nb.publicKey(), clock::get);
        CookieChecker checker = new CookieChecker(nb.publicKey(), clock::get);
        byte[] source = {10, 0, 0, 1, 0x1a, (byte) 0x80};

        byte[] init = na.createInitiation(new Handshake(a, nb.publicKey(), null), 3);
        gen.addMacs(init);
        assertTrue(checker.checkMac1(init));
        assertFalse(checker.checkMac2(init, source), "no cookie yet");
        byte[] reply = checker.createReply(init, 3, source);
        assertEquals(Messages.COOKIE_REPLY_SIZE, reply.length);
        assertEquals(3, Messages.u32(reply, 4));
        assertTrue(gen.consumeReply(reply));

        byte[] retry = na.createInitiation(new Handshake(a, nb.publicKey(), null), 4);
        gen.addMacs(retry);
        assertTrue(checker.checkMac1(retry));
        assertTrue(checker.checkMac2(retry, source));
        assertFalse(checker.checkMac2(retry, new byte[] {10, 0, 0, 2, 0x1a, (byte) 0x80}), "cookie is bound to the source");
        retry[20] ^= 1;
        assertFalse(checker.checkMac1(retry));
        clock.addAndGet(Protocol.COOKIE_REFRESH_TIME + 1);
        byte[] stale = na.createInitiation(new Handshake(a, nb.publicKey(), null), 5);
        gen.addMacs(stale);
        assertFalse(checker.checkMac2(stale, source), "cookies expire after two minutes");
    }

    private static void sleepPastTimestampGranularity() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
