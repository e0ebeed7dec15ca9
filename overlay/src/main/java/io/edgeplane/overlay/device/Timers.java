package io.edgeplane.overlay.device;

import static io.edgeplane.overlay.noise.Protocol.*;

import java.lang.System.Logger.Level;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The protocol's timers (paper 6, wireguard-go timers.go). Instead of one OS timer per event,
 * each peer holds deadlines in volatile fields: the data path only reads or writes a field, and
 * one ticker thread ({@link #tick}) fires whatever is due every few tens of milliseconds, which
 * is plenty for timeouts counted in seconds. Tests call {@link #tick} with a fake clock.
 */
final class Timers {

    static final long OFF = Long.MIN_VALUE;
    private static final System.Logger LOG = System.getLogger(Timers.class.getName());

    /** A peer's pending deadlines (device clock nanos), {@link #OFF} when not pending. */
    static final class Deadlines {
        volatile long retransmitHandshake = OFF;
        volatile long sendKeepalive = OFF;
        volatile long newHandshake = OFF;
        volatile long zeroKeyMaterial = OFF;
        volatile boolean needAnotherKeepalive;
    }

    private final Device device;

    Timers(Device device) {
        this.device = device;
    }

    private long now() {
        return device.clock.getAsLong();
    }

    private static long jitter() {
        return ThreadLocalRandom.current().nextLong(REKEY_TIMEOUT_JITTER_MAX_MS * 1_000_000L);
    }

    // events, named as in wireguard-go

    /** Data sent and no answer within KEEPALIVE + REKEY_TIMEOUT: the session is presumed dead. */
    void dataSent(Peer p) {
        if (p.timers.newHandshake == OFF) {
            p.timers.newHandshake = now() + KEEPALIVE_TIMEOUT + REKEY_TIMEOUT + jitter();
        }
    }

    /** Data received: answer with a keepalive if we send nothing within KEEPALIVE_TIMEOUT. */
    void dataReceived(Peer p) {
        if (p.timers.sendKeepalive == OFF) {
            p.timers.sendKeepalive = now() + KEEPALIVE_TIMEOUT;
        } else {
            p.timers.needAnotherKeepalive = true;
        }
    }

    void anyAuthenticatedPacketSent(Peer p) {
        if (p.timers.sendKeepalive != OFF) {
            p.timers.sendKeepalive = OFF;
        }
    }

    void anyAuthenticatedPacketReceived(Peer p) {
        if (p.timers.newHandshake != OFF) {
            p.timers.newHandshake = OFF;
        }
    }

    void handshakeInitiated(Peer p) {
        p.timers.retransmitHandshake = now() + REKEY_TIMEOUT + jitter();
    }

    void handshakeComplete(Peer p) {
        p.timers.retransmitHandshake = OFF;
        synchronized (p.handshakeSend) {
            p.handshakeAttempts = 0;
        }
        p.sentLastMinuteHandshake = false;
        p.lastHandshakeCompleted = now();
    }

    /** Keys are erased after three times REJECT_AFTER_TIME without a new session. */
    void sessionDerived(Peer p) {
        p.timers.zeroKeyMaterial = now() + 3 * REJECT_AFTER_TIME;
    }

    void stop(Peer p) {
        p.timers.retransmitHandshake = OFF;
        p.timers.sendKeepalive = OFF;
        p.timers.newHandshake = OFF;
        p.timers.zeroKeyMaterial = OFF;
    }

    /** Fires every deadline at or before now. */
    void tick() {
        long now = now();
        for (Peer p : device.peers.values()) {
            Deadlines t = p.timers;
            if (due(t.retransmitHandshake, now)) {
                t.retransmitHandshake = OFF;
                retransmitHandshakeExpired(p);
            }
            if (due(t.sendKeepalive, now)) {
                t.sendKeepalive = OFF;
                device.send.sendKeepalive(p);
                if (t.needAnotherKeepalive) {
                    t.needAnotherKeepalive = false;
                    t.sendKeepalive = now + KEEPALIVE_TIMEOUT;
                }
            }
            if (due(t.newHandshake, now)) {
                t.newHandshake = OFF;
                LOG.log(Level.DEBUG, "{0}: no reply to data for {1} s, new handshake", p,
                        (KEEPALIVE_TIMEOUT + REKEY_TIMEOUT) / 1_000_000_000L);
                device.send.sendInitiation(p, false);
            }
            if (due(t.zeroKeyMaterial, now)) {
                t.zeroKeyMaterial = OFF;
                device.zeroKeyMaterial(p);
            }
        }
    }

    private void retransmitHandshakeExpired(Peer p) {
        int attempts;
        synchronized (p.handshakeSend) {
            attempts = p.handshakeAttempts;
            if (attempts <= MAX_TIMER_HANDSHAKES) {
                p.handshakeAttempts = attempts + 1;
            }
        }
        if (attempts > MAX_TIMER_HANDSHAKES) {
            LOG.log(Level.DEBUG, "{0}: no handshake after {1} attempts, giving up", p, attempts + 1);
            p.timers.sendKeepalive = OFF;
            p.staged.clear();
            if (p.timers.zeroKeyMaterial == OFF) {
                p.timers.zeroKeyMaterial = now() + 3 * REJECT_AFTER_TIME;
            }
            return;
        }
        LOG.log(Level.DEBUG, "{0}: no response to initiation, retry {1}", p, attempts + 1);
        device.send.sendInitiation(p, true);
    }

    private static boolean due(long deadline, long now) {
        return deadline != OFF && now - deadline >= 0;
    }
}
