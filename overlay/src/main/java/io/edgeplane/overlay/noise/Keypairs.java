package io.edgeplane.overlay.noise;

import java.util.function.Consumer;

/**
 * A peer's previous, current and next sessions (paper 5.4.6 / wireguard-go keypair.go). The
 * responder's new session waits in {@code next} until the initiator has used it, so the
 * responder never sends under keys the initiator may not hold yet. Readers take {@link #current()}
 * without a lock; rotations are serialized by the monitor.
 */
public final class Keypairs {

    private volatile Keypair previous;
    private volatile Keypair current;
    private volatile Keypair next;

    public Keypair current() {
        return current;
    }

    public Keypair previous() {
        return previous;
    }

    public Keypair next() {
        return next;
    }

    /** Installs a new session; {@code released} gets every keypair pushed out (to free its index). */
    public synchronized void install(Keypair kp, Consumer<Keypair> released) {
        if (kp.initiator()) {
            if (next != null) {
                release(previous, released);
                previous = next;
                next = null;
                release(current, released);
            } else {
                release(previous, released);
                previous = current;
            }
            current = kp;
        } else {
            release(next, released);
            release(previous, released);
            previous = null;
            next = kp;
        }
    }

    /**
     * Called when a packet authenticated under {@code kp}: if it was the waiting {@code next},
     * the initiator has confirmed it and it becomes current. Returns true on that promotion.
     */
    public boolean receivedWith(Keypair kp, Consumer<Keypair> released) {
        if (next != kp) {
            return false;
        }
        synchronized (this) {
            if (next != kp) {
                return false;
            }
            release(previous, released);
            previous = current;
            current = next;
            next = null;
            return true;
        }
    }

    /** Forgets every session (zeroing after REJECT_AFTER_TIME * 3, or peer removal). */
    public synchronized void clear(Consumer<Keypair> released) {
        release(previous, released);
        release(current, released);
        release(next, released);
        previous = null;
        current = null;
        next = null;
    }

    private static void release(Keypair kp, Consumer<Keypair> released) {
        if (kp != null) {
            released.accept(kp);
        }
    }
}
