package io.edgeplane.overlay.noise;

import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.spec.SecretKeySpec;
import io.edgeplane.overlay.crypto.Aead;

/**
 * One session's transport keys (paper 5.4.5), its send counter and its replay window. Counters
 * come from one atomic increment, so no two packets of a session ever share a nonce.
 */
public final class Keypair {

    private final SecretKeySpec sendKey;
    private final SecretKeySpec receiveKey;
    private final AtomicLong sendCounter = new AtomicLong();
    private final ReplayWindow replay = new ReplayWindow();
    private final long created;
    private final boolean initiator;
    private final int localIndex;
    private final int remoteIndex;

    Keypair(byte[] send, byte[] receive, long created, boolean initiator, int localIndex, int remoteIndex) {
        this.sendKey = Aead.key(send);
        this.receiveKey = Aead.key(receive);
        this.created = created;
        this.initiator = initiator;
        this.localIndex = localIndex;
        this.remoteIndex = remoteIndex;
    }

    public SecretKeySpec sendKey() {
        return sendKey;
    }

    public SecretKeySpec receiveKey() {
        return receiveKey;
    }

    /** The next counter to send under; at or past REJECT_AFTER_MESSAGES the keypair is spent. */
    public long nextCounter() {
        return sendCounter.getAndIncrement();
    }

    public long sentCount() {
        return sendCounter.get();
    }

    /** For tests of the message limits only. */
    public void skipCountersTo(long counter) {
        sendCounter.set(counter);
    }

    public ReplayWindow replay() {
        return replay;
    }

    public long created() {
        return created;
    }

    public boolean initiator() {
        return initiator;
    }

    public int localIndex() {
        return localIndex;
    }

    public int remoteIndex() {
        return remoteIndex;
    }

    /** Usable for sending: younger than REJECT_AFTER_TIME and counters left. */
    public boolean canSend(long now) {
        return now - created < Protocol.REJECT_AFTER_TIME
                && Long.compareUnsigned(sendCounter.get(), Protocol.REJECT_AFTER_MESSAGES) < 0;
    }

    public boolean canReceive(long now) {
        return now - created < Protocol.REJECT_AFTER_TIME;
    }
}
