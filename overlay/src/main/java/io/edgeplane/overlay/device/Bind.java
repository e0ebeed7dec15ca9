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
}
