package io.edgeplane.overlay.device;

import io.edgeplane.overlay.noise.Handshake;
import io.edgeplane.overlay.noise.Keypair;
import io.edgeplane.overlay.noise.Messages;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Handshake and cookie messages, off the data path on one worker thread: their X25519 work is
 * what an attacker can make us do, so they queue (bounded) and the queue's length says whether
 * we are under load. Under load an initiation or response needs a valid mac2, else it gets a
 * cookie reply instead of an answer (paper 5.3).
 */
final class ReceiveHandshake {

    private static final System.Logger LOG = System.getLogger(ReceiveHandshake.class.getName());
    /** wireguard-go's QueueHandshakeSize; under load from an eighth of it, for a second after. */
    static final int QUEUE_SIZE = 1024;
    private static final long UNDER_LOAD_AFTER = 1_000_000_000L;

    private record Element(byte[] msg, InetSocketAddress from) {
    }

    private final Device d;
    private final ArrayBlockingQueue<Element> queue = new ArrayBlockingQueue<>(QUEUE_SIZE);
    private volatile long underLoadUntil = Long.MIN_VALUE;
    volatile boolean forceUnderLoad;

    ReceiveHandshake(Device d) {
        this.d = d;
    }

    void enqueue(byte[] msg, InetSocketAddress from) {
        if (!queue.offer(new Element(msg, from))) {
            d.stats.dropHandshake.increment();
        }
    }

    void loop() {
        while (d.running) {
            try {
                Element e = queue.poll(200, TimeUnit.MILLISECONDS);
                if (e != null) {
                    handle(e.msg, e.from);
                }
            } catch (InterruptedException ie) {
                return;
            } catch (RuntimeException ex) {
                LOG.log(Level.ERROR, "handshake worker", ex);
            }
        }
    }

    private boolean underLoad() {
        if (forceUnderLoad) {
            return true;
        }
        long now = d.clock.getAsLong();
        if (queue.size() >= QUEUE_SIZE / 8) {
            underLoadUntil = now + UNDER_LOAD_AFTER;
            return true;
        }
        long until = underLoadUntil;
        return until != Long.MIN_VALUE && now - until < 0;
    }

    void handle(byte[] msg, InetSocketAddress from) {
        int type = Messages.type(msg);
        if (type == Messages.COOKIE_REPLY) {
            IndexTable.Entry entry = d.indices.get(Messages.u32(msg, Messages.RECEIVER_OFFSET));
            if (entry != null && entry.peer().cookies.consumeReply(msg)) {
                d.stats.cookieRepliesConsumed.increment();
            } else {
                d.stats.dropHandshake.increment();
            }
            return;
        }
        if (!d.cookieChecker.checkMac1(msg)) {
            d.stats.dropHandshake.increment();
            return;
        }
        if (underLoad()) {
            byte[] source = sourceBytes(from);
            if (!d.cookieChecker.checkMac2(msg, source)) {
                try {
                    byte[] reply = d.cookieChecker.createReply(msg, Messages.u32(msg, Messages.SENDER_OFFSET), source);
                    if (d.send.sendRaw(reply, from)) {
                        d.stats.cookieRepliesSent.increment();
                    }
                } catch (java.security.GeneralSecurityException ex) {
                    LOG.log(Level.WARNING, "cookie reply failed", ex);
                }
                return;
            }
        }
        if (type == Messages.INITIATION) {
            initiation(msg, from);
        } else {
            response(msg, from);
        }
    }

    private void initiation(byte[] msg, InetSocketAddress from) {
        long now = d.clock.getAsLong();
        Handshake hs = d.noise.consumeInitiation(msg, now, key -> {
            Peer p = d.peers.get(key);
            return p == null ? null : p.handshake;
        });
        Peer peer = hs == null ? null : d.peers.get(hs.remoteStatic());
        if (peer == null) {
            d.stats.dropHandshake.increment();
            return;
        }
        peer.endpoint = from;
        d.timers.anyAuthenticatedPacketReceived(peer);
        byte[] response;
        Keypair kp;
        synchronized (peer.handshakeSend) {
            int old = hs.localIndex();
            int index = d.indices.newIndex(peer);
            response = d.noise.createResponse(hs, index);
            if (old != 0 && old != index) {
                d.indices.removeHandshake(old);
            }
            if (response == null) {
                d.indices.remove(index);
                d.stats.dropHandshake.increment();
                return;
            }
            peer.cookies.addMacs(response);
            kp = d.beginSession(peer);
        }
        if (kp == null) {
            return;
        }
        d.timers.sessionDerived(peer);
        d.timers.anyAuthenticatedPacketSent(peer);
        d.send.sendRaw(peer, response);
        LOG.log(Level.DEBUG, "{0}: answered an initiation", peer);
    }

    private void response(byte[] msg, InetSocketAddress from) {
        IndexTable.Entry entry = d.indices.get(Messages.u32(msg, Messages.RESPONSE_RECEIVER_OFFSET));
        if (entry == null || entry.keypair() != null) {
            d.stats.dropHandshake.increment();
            return;
        }
        Peer peer = entry.peer();
        Keypair kp;
        synchronized (peer.handshakeSend) {
            if (!d.noise.consumeResponse(msg, peer.handshake)) {
                d.stats.dropHandshake.increment();
                return;
            }
            kp = d.beginSession(peer);
        }
        if (kp == null) {
            return;
        }
        peer.endpoint = from;
        d.timers.anyAuthenticatedPacketReceived(peer);
        d.timers.sessionDerived(peer);
        d.timers.handshakeComplete(peer);
        d.stats.handshakesCompleted.increment();
        peer.handshakesCompleted.increment();
        LOG.log(Level.DEBUG, "{0}: handshake complete (initiator)", peer);
        // confirms the session to the responder, which sends nothing before it hears from us
        d.send.sendKeepalive(peer);
    }

    /** The cookie binds to the sender's address and port. */
    static byte[] sourceBytes(InetSocketAddress from) {
        byte[] ip = from.getAddress().getAddress();
        byte[] out = new byte[ip.length + 2];
        System.arraycopy(ip, 0, out, 0, ip.length);
        out[ip.length] = (byte) (from.getPort() >>> 8);
        out[ip.length + 1] = (byte) from.getPort();
        return out;
    }
}
