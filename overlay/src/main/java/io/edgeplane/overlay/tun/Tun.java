package io.edgeplane.overlay.tun;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A layer-3 device: whole IPv4/IPv6 packets in, whole packets out, no framing. The device's
 * reader threads call {@link #read} concurrently with writers calling {@link #write}.
 */
public interface Tun extends Closeable {

    /**
     * Reads one packet into {@code dst} from its position; returns its length, 0 when nothing
     * arrived within a short wait (so readers can notice a close), or -1 once closed.
     */
    int read(ByteBuffer dst) throws IOException;

    /** Writes the packet between {@code src}'s position and limit. */
    void write(ByteBuffer src) throws IOException;

    String name();

    int mtu();
}
