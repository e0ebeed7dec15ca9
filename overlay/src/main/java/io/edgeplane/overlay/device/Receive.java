package io.edgeplane.overlay.device;

import static io.edgeplane.overlay.noise.Protocol.*;

import io.edgeplane.overlay.crypto.Aead;
import io.edgeplane.overlay.noise.Keypair;
import io.edgeplane.overlay.noise.Messages;
import io.edgeplane.overlay.tun.Offload;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;

/*
 * The receive path, run to the end by each UDP reader thread with its own buffers and Cipher:
 *
 *   Bind.receiveSegments: one datagram, or a run of them with UDP GRO, each taken on its own:
 *      ──> type ──┬─ 1, 2, 3 (handshake, cookie): copy to the handshake queue
 *                 └─ 4 (data): receiver index ──> keypair (unknown: drop)
 *      ──> ChaCha20-Poly1305 open (forged or altered: drop) ──> replay window (replayed: drop)
 *      ──> promote a confirmed next session, learn the endpoint, timers
 *      ──> empty: keepalive, done ──> IP length ──> source in the peer's own slice? (no: drop)
 *      ──> held for the TUN: consecutive segments of one TCP flow become one super-packet
 *      ──> after the run: Tun write(s), one per super-packet or other packet
 */
final class Receive {

    private static final System.Logger LOG = System.getLogger(Receive.class.getName());

    private final Device d;

    Receive(Device d) {
        this.d = d;
    }

    void udpLoop() {
        Aead aead = new Aead();
        ByteBuffer rx = ByteBuffer.allocateDirect(Send.MAX_PACKET + 64).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer plain = ByteBuffer.allocateDirect(Send.MAX_PACKET + 64);
        int[] segment = new int[1];
        Offload.Coalescer toTun = new Offload.Coalescer(d.tun);
        while (d.running) {
            try {
                rx.clear();
                InetSocketAddress from = d.bind.receiveSegments(rx, segment);
                if (from == null) {
                    return;
                }
                rx.flip();
                int total = rx.limit();
                int step = segment[0] <= 0 ? total : segment[0];
                try {
                    // with UDP GRO, a run of datagrams from one sender, each handled on its own
                    for (int off = 0; off < total; off += step) {
                        rx.limit(Math.min(total, off + step)).position(off);
                        handle(rx, from, aead, plain, toTun);
                    }
                } finally {
                    toTun.flush();
                }
            } catch (IOException e) {
                if (d.running) {
                    LOG.log(Level.WARNING, "UDP receive failed: " + e.getMessage());
                }
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "receive path", e);
            }
        }
    }

    /** One datagram: {@code rx} from its position to its limit (little-endian). */
    void handle(ByteBuffer rx, InetSocketAddress from, Aead aead, ByteBuffer plain, Offload.Coalescer toTun) throws IOException {
        if (rx.remaining() < 4) {
            d.stats.dropMalformed.increment();
            return;
        }
        // the type is a little-endian u32: the three reserved bytes must be zero
        int type = rx.getInt(rx.position());
        switch (type) {
            case Messages.TRANSPORT -> transport(rx, from, aead, plain, toTun);
            case Messages.INITIATION, Messages.RESPONSE, Messages.COOKIE_REPLY -> {
                int expected = type == Messages.INITIATION ? Messages.INITIATION_SIZE
                        : type == Messages.RESPONSE ? Messages.RESPONSE_SIZE : Messages.COOKIE_REPLY_SIZE;
                if (rx.remaining() != expected) {
                    d.stats.dropMalformed.increment();
                    return;
                }
                byte[] msg = new byte[expected];
                rx.get(rx.position(), msg);
                d.handshakes.enqueue(msg, from);
            }
            default -> d.stats.dropMalformed.increment();
        }
    }

    private void transport(ByteBuffer rx, InetSocketAddress from, Aead aead, ByteBuffer plain, Offload.Coalescer toTun)
            throws IOException {
        if (rx.remaining() < Messages.TRANSPORT_MIN_SIZE) {
            d.stats.dropMalformed.increment();
            return;
        }
        int base = rx.position();
        IndexTable.Entry entry = d.indices.get(rx.getInt(base + Messages.RECEIVER_OFFSET));
        Keypair kp = entry == null ? null : entry.keypair();
        if (kp == null) {
            d.stats.dropUnknownIndex.increment();
            return;
        }
        long now = d.clock.getAsLong();
        if (!kp.canReceive(now)) {
            d.stats.dropExpiredKeypair.increment();
            return;
        }
        long counter = rx.getLong(base + Messages.COUNTER_OFFSET);
        rx.position(base + Messages.TRANSPORT_HEADER_SIZE);
        plain.clear();
        try {
            aead.open(kp.receiveKey(), counter, rx, plain);
        } catch (GeneralSecurityException e) {
            d.stats.dropAuthentication.increment();
            return;
        }
        plain.flip();
        if (!kp.replay().check(counter, REJECT_AFTER_MESSAGES)) {
            d.stats.dropReplay.increment();
            return;
        }
        Peer peer = entry.peer();
        if (!from.equals(peer.endpoint)) {
            peer.endpoint = from;
        }
        if (peer.keypairs.receivedWith(kp, d::releaseKeypair)) {
            d.timers.handshakeComplete(peer);
            d.stats.handshakesCompleted.increment();
            peer.handshakesCompleted.increment();
            d.send.sendStaged(peer);
        }
        // a session we began that is about to be refused: rekey before it is
        if (kp.initiator() && !peer.sentLastMinuteHandshake
                && now - kp.created() > REJECT_AFTER_TIME - KEEPALIVE_TIMEOUT - REKEY_TIMEOUT) {
            peer.sentLastMinuteHandshake = true;
            d.send.sendInitiation(peer, false);
        }
        d.timers.anyAuthenticatedPacketReceived(peer);
        if (!plain.hasRemaining()) {
            d.stats.keepalivesReceived.increment();
            return;
        }
        d.timers.dataReceived(peer);
        int length = ipLength(plain);
        if (length < 0) {
            d.stats.dropMalformed.increment();
            return;
        }
        plain.limit(length);
        if (d.routes.lookupPacket(plain, true) != peer) {
            d.stats.dropSourceNotAllowed.increment();
            return;
        }
        d.stats.rxPackets.increment();
        d.stats.rxBytes.add(length);
        peer.rxBytes.add(length);
        toTun.add(plain);
    }

    /** The packet's own length from its IP header (the rest is padding), or -1 when malformed. */
    static int ipLength(ByteBuffer p) {
        int n = p.remaining();
        if (n < 20) {
            return -1;
        }
        int version = (p.get(0) & 0xff) >>> 4;
        int length;
        if (version == 4) {
            length = p.getShort(2) & 0xffff;
            if (length < 20) {
                return -1;
            }
        } else if (version == 6 && n >= 40) {
            length = 40 + (p.getShort(4) & 0xffff);
        } else {
            return -1;
        }
        return length <= n ? length : -1;
    }
}
