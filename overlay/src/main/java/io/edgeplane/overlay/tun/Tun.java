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

    /**
     * 0 for plain packets; otherwise the length of the virtio_net_hdr (IFF_VNET_HDR) that starts
     * every {@link #read}, after which may come a TCP super-packet to be cut into segments of
     * the header's gso_size, with its checksum still to complete. {@link #write} still takes
     * plain packets.
     */
    default int vnetHeaderSize() {
        return 0;
    }

    /** Writes {@code src}, which begins with its own virtio_net_hdr (only when {@link #vnetHeaderSize} > 0). */
    default void writeVnet(ByteBuffer src) throws IOException {
        throw new IOException("no virtio_net_hdr on " + name());
    }

    String name();

    int mtu();
}
