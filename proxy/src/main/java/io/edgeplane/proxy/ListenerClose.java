package io.edgeplane.proxy;

import io.netty.channel.Channel;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Closes a listening channel so that its port refuses connections by the time this returns.
 * A closed Netty channel is not yet a closed socket on NIO: the JDK keeps a channel registered
 * with a selector open until that selector's next select, so for a moment the kernel still
 * completes handshakes on a port the configuration no longer has. Binding the same address is
 * refused while anything listens on it, so a successful bind proves the listener is gone.
 */
public final class ListenerClose {

    private static final long WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final System.Logger LOG = System.getLogger(ListenerClose.class.getName());

    private ListenerClose() {
    }

    /** Closes {@code listener} and waits (up to half a second) until its address is free again. */
    public static void closeAndRelease(Channel listener) {
        SocketAddress local = listener.localAddress();
        listener.close().syncUninterruptibly();
        if (local instanceof InetSocketAddress address) {
            awaitFree(address);
        }
    }

    private static void awaitFree(InetSocketAddress address) {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (!bindable(address)) {
            if (System.nanoTime() - deadline > 0) {
                LOG.log(System.Logger.Level.WARNING, "{0} still taken after its listener closed", address);
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    private static boolean bindable(InetSocketAddress address) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);     // connections of the old listener in TIME_WAIT do not count
            probe.bind(address);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
