package io.edgeplane.overlay.device;

import static io.edgeplane.overlay.noise.Protocol.*;

import io.edgeplane.overlay.crypto.Aead;
import io.edgeplane.overlay.noise.Keypair;
import io.edgeplane.overlay.noise.Messages;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;

/*
 * The send path. Each TUN reader thread runs it to the end with its own buffers and Cipher:
 *
 *   Tun.read ──> destination ──> AllowedIps ──> Peer ──┬─ no valid session: stage (128 max),
 *   (thread i)                   (no peer: drop)       │  send initiation (at most 1 / 5 s)
 *                                                      └─ session: counter = next++
 *      ──> pad to 16 ──> [4 | receiver | counter | ChaCha20-Poly1305(packet)] ──> Bind.send
 *      ──> timers: data sent, authenticated packet sent; initiator rekeys after 120 s or 2^60
 *
 * Handshake messages go out from whichever thread decides to send them (TUN reader, timer,
 * handshake worker); they are rare and rate-limited.
 */
final class Send {

    private static final System.Logger LOG = System.getLogger(Send.class.getName());
    /** Largest IP packet we take from TUN; the MTU normally keeps packets far smaller. */
    static final int MAX_PACKET = 65535;

    /** One thread's buffers and Cipher; direct buffers so TUN and UDP I/O copy nothing more. */
    static final class Worker {
        final Aead aead = new Aead();
        final ByteBuffer in = ByteBuffer.allocateDirect(MAX_PACKET + PADDING_MULTIPLE);
        final ByteBuffer out = ByteBuffer.allocateDirect(MAX_PACKET + 64).order(ByteOrder.LITTLE_ENDIAN);
    }

    static final ThreadLocal<Worker> WORKER = ThreadLocal.withInitial(Worker::new);

    private final Device d;

    Send(Device d) {
        this.d = d;
    }

    void tunLoop() {
        Worker w = WORKER.get();
        while (d.running) {
            try {
                w.in.clear();
                w.in.limit(MAX_PACKET);
                int n = d.tun.read(w.in);
                if (n < 0) {
                    return;
                }
                if (n == 0) {
                    continue;
                }
                w.in.position(0).limit(n);
                Peer peer = d.routes.lookupPacket(w.in, false);
                if (peer == null) {
                    d.stats.dropNoRoute.increment();
                    continue;
                }
                sendPacket(peer, w.in, w);
            } catch (IOException e) {
                if (d.running) {
                    LOG.log(Level.WARNING, "TUN read failed: " + e.getMessage());
                }
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "send path", e);
            }
        }
    }

    /** Sends one IP packet (position..limit of {@code packet}, which has room for padding). */
    void sendPacket(Peer peer, ByteBuffer packet, Worker w) {
        long now = d.clock.getAsLong();
        Keypair kp = peer.keypairs.current();
        if (kp == null || !kp.canSend(now)) {
            stage(peer, packet);
            sendInitiation(peer, false);
            return;
        }
        long counter = kp.nextCounter();
        if (Long.compareUnsigned(counter, REJECT_AFTER_MESSAGES) >= 0) {
            stage(peer, packet);
            sendInitiation(peer, false);
            return;
        }
        encryptAndSend(peer, kp, counter, packet, w);
        if (kp.initiator() && (Long.compareUnsigned(counter, REKEY_AFTER_MESSAGES) > 0
                || now - kp.created() > REKEY_AFTER_TIME)) {
            sendInitiation(peer, false);
        }
    }

    private void encryptAndSend(Peer peer, Keypair kp, long counter, ByteBuffer packet, Worker w) {
        InetSocketAddress to = peer.endpoint;
        if (to == null) {
            d.stats.dropNoRoute.increment();
            return;
        }
        int start = packet.position();
        int length = packet.remaining();
        int padded = length + paddingSize(length, d.tun.mtu());
        packet.limit(start + padded);
        for (int i = start + length; i < start + padded; i++) {
            packet.put(i, (byte) 0);
        }
        ByteBuffer out = w.out;
        out.clear();
        out.putInt(Messages.TRANSPORT).putInt(kp.remoteIndex()).putLong(counter);
        try {
            w.aead.seal(kp.sendKey(), counter, packet, out);
            out.flip();
            d.bind.send(out, to);
        } catch (GeneralSecurityException | IOException e) {
            LOG.log(Level.DEBUG, "send to {0} failed: {1}", peer, e.getMessage());
            return;
        }
        d.stats.txPackets.increment();
        d.stats.txBytes.add(length);
        if (length > 0) {
            d.timers.dataSent(peer);
        }
        d.timers.anyAuthenticatedPacketSent(peer);
    }

    /** wireguard-go's calculatePaddingSize: round up to 16 without exceeding the MTU. */
    static int paddingSize(int size, int mtu) {
        int last = size;
        if (mtu == 0) {
            return ((last + PADDING_MULTIPLE - 1) & -PADDING_MULTIPLE) - last;
        }
        if (last > mtu) {
            last %= mtu;
        }
        int padded = (last + PADDING_MULTIPLE - 1) & -PADDING_MULTIPLE;
        if (padded > mtu) {
            padded = mtu;
        }
        return padded - last;
    }

    private void stage(Peer peer, ByteBuffer packet) {
        byte[] copy = new byte[packet.remaining()];
        packet.get(packet.position(), copy);
        while (!peer.staged.offer(copy)) {
            peer.staged.poll();
            d.stats.dropStagedOverflow.increment();
        }
    }

    /** Sends what waited for a session, or a keepalive when nothing waited (confirms a new session). */
    void sendKeepalive(Peer peer) {
        if (peer.staged.isEmpty()) {
            peer.staged.offer(new byte[0]);
        }
        sendStaged(peer);
    }

    void sendStaged(Peer peer) {
        Worker w = WORKER.get();
        while (!peer.staged.isEmpty()) {
            long now = d.clock.getAsLong();
            Keypair kp = peer.keypairs.current();
            if (kp == null || !kp.canSend(now)) {
                sendInitiation(peer, false);
                return;
            }
            byte[] packet = peer.staged.poll();
            if (packet == null) {
                return;
            }
            long counter = kp.nextCounter();
            if (Long.compareUnsigned(counter, REJECT_AFTER_MESSAGES) >= 0) {
                peer.staged.offer(packet);
                sendInitiation(peer, false);
                return;
            }
            w.in.clear();
            w.in.put(packet).flip();
            encryptAndSend(peer, kp, counter, w.in, w);
        }
    }

    /**
     * Sends a handshake initiation unless one went out less than REKEY_TIMEOUT ago. A retry
     * (from the retransmit timer) keeps counting attempts; anything else starts over.
     */
    void sendInitiation(Peer peer, boolean retry) {
        if (peer.removed) {
            return;
        }
        byte[] msg;
        synchronized (peer.handshakeSend) {
            if (!retry) {
                peer.handshakeAttempts = 0;
            }
            long now = d.clock.getAsLong();
            if (now - peer.lastSentHandshake < REKEY_TIMEOUT) {
                return;
            }
            peer.lastSentHandshake = now;
            int old = peer.handshake.localIndex();
            int index = d.indices.newIndex(peer);
            msg = d.noise.createInitiation(peer.handshake, index);
            if (old != 0) {
                d.indices.removeHandshake(old);
            }
            if (msg == null) {
                d.indices.remove(index);
                LOG.log(Level.WARNING, "{0}: cannot create an initiation (bad public key?)", peer);
                return;
            }
            peer.cookies.addMacs(msg);
        }
        d.timers.anyAuthenticatedPacketSent(peer);
        if (sendRaw(peer, msg)) {
            d.stats.initiationsSent.increment();
        }
        d.timers.handshakeInitiated(peer);
    }

    boolean sendRaw(Peer peer, byte[] msg) {
        InetSocketAddress to = peer.endpoint;
        return to != null && sendRaw(msg, to);
    }

    boolean sendRaw(byte[] msg, InetSocketAddress to) {
        try {
            d.bind.send(ByteBuffer.wrap(msg), to);
            return true;
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "send to {0} failed: {1}", to, e.getMessage());
            return false;
        }
    }
}
