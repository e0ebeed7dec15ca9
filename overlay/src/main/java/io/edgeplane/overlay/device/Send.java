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
 * The send path. Each TUN reader thread runs it to the end with its own buffers and Cipher:
 *
 *   Tun.read ──> [virtio_net_hdr: finish the checksum; TCP super-packet: cut into segments]
 *   (thread i)      ──> per packet: destination ──> AllowedIps ──> Peer (no peer: drop)
 *      ──┬─ no valid session: stage (128 max), send initiation (at most 1 / 5 s)
 *        └─ session: counter = next++ ──> pad to 16
 *           ──> [4 | receiver | counter | ChaCha20-Poly1305(packet)] appended to the batch
 *      ──> Bind.sendSegments: the batch's equal-size messages in one system call (UDP GSO)
 *      ──> timers: data sent, authenticated packet sent; initiator rekeys after 120 s or 2^60
 *
 * A batch holds messages to one endpoint, all of one size but the last, at most 64 KiB and 64
 * messages; it goes out at the end of each TUN read or when the next message does not fit.
 * Handshake messages go out at once from whichever thread decides to send them (TUN reader,
 * timer, handshake worker); they are rare and rate-limited.
 */
final class Send {

    private static final System.Logger LOG = System.getLogger(Send.class.getName());
    /** Largest IP packet we take from TUN; the MTU normally keeps packets far smaller. */
    static final int MAX_PACKET = 65535;
    /** Largest batch of messages handed to the bind at once (UDP GSO's limits). */
    static final int MAX_BATCH_BYTES = LinuxUdpBind.MAX_GSO_BYTES;
    static final int MAX_BATCH_MESSAGES = LinuxUdpBind.MAX_GSO_SEGMENTS;

    /** One thread's buffers, Cipher and batch; direct buffers so TUN and UDP I/O copy nothing more. */
    static final class Worker {
        final Aead aead = new Aead();
        /** What TUN gave: maybe a virtio_net_hdr, then a packet or a super-packet. */
        final ByteBuffer in = ByteBuffer.allocateDirect(16 + MAX_PACKET + PADDING_MULTIPLE);
        /** One segment of a super-packet, or a staged packet. */
        final ByteBuffer seg = ByteBuffer.allocateDirect(MAX_PACKET + PADDING_MULTIPLE);
        final Offload.Segmenter segmenter = new Offload.Segmenter();
        /** The batch: encrypted messages end to end. */
        final ByteBuffer out = ByteBuffer.allocateDirect(MAX_BATCH_BYTES + MAX_PACKET + 64).order(ByteOrder.LITTLE_ENDIAN);
        InetSocketAddress to;
        Peer peer;
        int messageSize;
        int messages;
        boolean shortLast;
    }

    static final ThreadLocal<Worker> WORKER = ThreadLocal.withInitial(Worker::new);

    private final Device d;

    Send(Device d) {
        this.d = d;
    }

    void tunLoop() {
        Worker w = WORKER.get();
        int vnet = d.tun.vnetHeaderSize();
        while (d.running) {
            try {
                w.in.clear();
                w.in.limit(vnet + MAX_PACKET);
                int n = d.tun.read(w.in);
                if (n < 0) {
                    return;
                }
                if (n == 0) {
                    continue;
                }
                if (vnet == 0) {
                    w.in.position(0).limit(n);
                    route(w.in, w);
                } else if (n > vnet) {
                    fromVnet(w, vnet, n);
                }
                flush(w);
            } catch (IOException e) {
                if (d.running) {
                    LOG.log(Level.WARNING, "TUN read failed: " + e.getMessage());
                }
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "send path", e);
            }
        }
    }

    /** A read behind a virtio_net_hdr: one packet (maybe with a partial checksum) or a super-packet to cut. */
    private void fromVnet(Worker w, int vnet, int n) {
        ByteBuffer in = w.in;
        int type = Offload.gsoType(in, 0);
        int csumStart = Offload.csumStart(in, 0);
        if (type == Offload.GSO_NONE) {
            if ((Offload.flags(in, 0) & Offload.NEEDS_CSUM) != 0
                    && !Offload.completeChecksum(in, vnet, n, csumStart, Offload.csumOffset(in, 0))) {
                d.stats.dropMalformed.increment();
                return;
            }
            in.position(vnet).limit(n);
            route(in, w);
            return;
        }
        in.position(vnet).limit(n);
        Peer peer = d.routes.lookupPacket(in, false);
        if (peer == null) {
            d.stats.dropNoRoute.increment();
            return;
        }
        if (!w.segmenter.begin(in, vnet, n, type, csumStart, Offload.gsoSize(in, 0))) {
            d.stats.dropMalformed.increment();
            return;
        }
        while (w.segmenter.next(w.seg)) {
            sendPacket(peer, w.seg, w);
        }
    }

    private void route(ByteBuffer packet, Worker w) {
        Peer peer = d.routes.lookupPacket(packet, false);
        if (peer == null) {
            d.stats.dropNoRoute.increment();
            return;
        }
        sendPacket(peer, packet, w);
    }

    /** Queues one IP packet (position..limit of {@code packet}, which has room for padding); the caller flushes. */
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
        encrypt(peer, kp, counter, packet, w);
        if (kp.initiator() && (Long.compareUnsigned(counter, REKEY_AFTER_MESSAGES) > 0
                || now - kp.created() > REKEY_AFTER_TIME)) {
            sendInitiation(peer, false);
        }
    }

    /** Encrypts the packet into the batch, sending the batch first when this message cannot join it. */
    private void encrypt(Peer peer, Keypair kp, long counter, ByteBuffer packet, Worker w) {
        InetSocketAddress to = peer.endpoint;
        if (to == null) {
            d.stats.dropNoRoute.increment();
            return;
        }
        int start = packet.position();
        int length = packet.remaining();
        int padded = length + paddingSize(length, d.tun.mtu());
        int size = Messages.TRANSPORT_HEADER_SIZE + padded + Aead.TAG_SIZE;
        if (w.messages > 0 && (to != w.to || w.shortLast || size > w.messageSize
                || w.out.position() + size > MAX_BATCH_BYTES || w.messages >= MAX_BATCH_MESSAGES)) {
            flush(w);
        }
        packet.limit(start + padded);
        for (int i = start + length; i < start + padded; i++) {
            packet.put(i, (byte) 0);
        }
        ByteBuffer out = w.out;
        int mark = out.position();
        out.putInt(Messages.TRANSPORT).putInt(kp.remoteIndex()).putLong(counter);
        try {
            w.aead.seal(kp.sendKey(), counter, packet, out);
        } catch (GeneralSecurityException e) {
            out.position(mark);
            LOG.log(Level.DEBUG, "encrypt for {0} failed: {1}", peer, e.getMessage());
            return;
        }
        if (w.messages == 0) {
            w.to = to;
            w.peer = peer;
            w.messageSize = size;
        } else if (size < w.messageSize) {
            w.shortLast = true;
        }
        w.messages++;
        d.stats.txPackets.increment();
        d.stats.txBytes.add(length);
        peer.txBytes.add(length);
        if (length > 0) {
            d.timers.dataSent(peer);
        }
        d.timers.anyAuthenticatedPacketSent(peer);
    }

    /** Sends the batch, if any: one message alone, several in one segmented send. */
    void flush(Worker w) {
        if (w.messages == 0) {
            return;
        }
        ByteBuffer out = w.out.flip();
        try {
            if (w.messages == 1) {
                d.bind.send(out, w.to);
            } else {
                d.bind.sendSegments(out, w.messageSize, w.to);
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "send to {0} failed: {1}", w.peer, e.getMessage());
        } finally {
            out.clear();
            w.messages = 0;
            w.shortLast = false;
            w.to = null;
            w.peer = null;
        }
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
        try {
            sendStaged(peer, w);
        } finally {
            flush(w);
        }
    }

    private void sendStaged(Peer peer, Worker w) {
        flush(w);
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
            w.seg.clear();
            w.seg.put(packet).flip();
            encrypt(peer, kp, counter, w.seg, w);
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
