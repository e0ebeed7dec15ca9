package io.edgeplane.proxy.http;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * One flush of an HTTP/2 connection for all the streams that wrote to it in one turn of its event
 * loop. A stream's flush flushes its whole connection (HPACK, flow control, a TLS record and a
 * write syscall); responses to streams of one connection mostly arrive together, from their
 * upstream connections, so flushing once after them does that work once instead of per stream.
 * Only ever touched from the connection's event loop, which its streams and their upstream
 * connections share.
 */
final class ConnectionFlush implements Runnable {

    private static final AttributeKey<ConnectionFlush> KEY = AttributeKey.valueOf("edgeplane.connectionFlush");

    private final Channel connection;
    private boolean scheduled;

    private ConnectionFlush(Channel connection) {
        this.connection = connection;
    }

    /** The flusher of {@code connection} (the parent channel of HTTP/2 streams). */
    static ConnectionFlush of(Channel connection) {
        ConnectionFlush f = connection.attr(KEY).get();
        if (f == null) {
            f = new ConnectionFlush(connection);
            connection.attr(KEY).set(f);
        }
        return f;
    }

    /** Flushes the connection once the event loop is done with what it is handling now. */
    void request() {
        if (!scheduled) {
            scheduled = true;
            connection.eventLoop().execute(this);
        }
    }

    @Override
    public void run() {
        scheduled = false;
        connection.flush();
    }
}
