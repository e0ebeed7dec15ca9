package io.edgeplane.dns.wire;

/**
 * A message that cannot be read. {@code answerable} says whether the header was sound enough to
 * send FORMERR to; otherwise (too short, or itself a response) the packet is dropped so that
 * garbage never causes a reply loop. No stack trace: it is an expected outcome on the hot path.
 */
public final class MalformedMessage extends Exception {

    private final boolean answerable;

    public MalformedMessage(String reason, boolean answerable) {
        super(reason, null, false, false);
        this.answerable = answerable;
    }

    public boolean answerable() {
        return answerable;
    }
}
