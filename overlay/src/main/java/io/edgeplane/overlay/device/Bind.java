package io.edgeplane.overlay.device;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/** The underlay: UDP datagrams to and from peers' endpoints. */
public interface Bind extends Closeable {

    /** Receives one datagram into {@code dst} from its position; returns the sender, or null once closed. */
    InetSocketAddress receive(ByteBuffer dst) throws IOException;

    /** Sends {@code src}'s remaining bytes as one datagram. */
    void send(ByteBuffer src, InetSocketAddress to) throws IOException;

    int port();

    /**
     * Receives into {@code dst} from its position one datagram or, where the bind batches
     * (UDP GRO), a run of datagrams from one sender laid end to end, each {@code segmentSize[0]}
     * bytes but the last, which may be shorter. Returns the sender, or null once closed.
     */
    default InetSocketAddress receiveSegments(ByteBuffer dst, int[] segmentSize) throws IOException {
        int start = dst.position();
        InetSocketAddress from = receive(dst);
        segmentSize[0] = dst.position() - start;
        return from;
    }

    /**
     * Sends {@code src}'s remaining bytes as datagrams of {@code segmentSize} bytes each, the last
     * possibly shorter: one system call where the bind batches (UDP GSO), else one send each.
     */
    default void sendSegments(ByteBuffer src, int segmentSize, InetSocketAddress to) throws IOException {
        int end = src.limit();
        while (src.position() < end) {
            int next = Math.min(end, src.position() + segmentSize);
            send(src.duplicate().limit(next), to);
            src.position(next);
        }
    }
}
