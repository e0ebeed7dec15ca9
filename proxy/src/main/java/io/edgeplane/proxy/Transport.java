package io.edgeplane.proxy;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import java.util.Locale;

/**
 * The event-loop transport of the HTTP proxy: listeners and upstream connections share it (one
 * event loop group). {@link #best()} is epoll when the platform has it, NIO otherwise; the system
 * property {@value #PROPERTY} ({@code epoll} | {@code io_uring} | {@code nio}) overrides the choice
 * so transports can be compared with perf/http.sh. A requested transport the platform lacks is
 * logged with its cause and replaced by the default.
 */
public record Transport(String name, IoHandlerFactory ioHandlerFactory,
                        Class<? extends ServerChannel> serverChannel, Class<? extends SocketChannel> socketChannel) {

    /** System property naming the transport {@link #best()} returns. */
    public static final String PROPERTY = "edgeplane.transport";

    private static final System.Logger LOG = System.getLogger(Transport.class.getName());

    /** The transport named by {@value #PROPERTY} if available, else epoll, else NIO. */
    public static Transport best() {
        String wanted = System.getProperty(PROPERTY);
        Transport t = named(wanted);
        if (wanted != null) {
            LOG.log(System.Logger.Level.INFO, "{0}={1}: {2} transport", PROPERTY, wanted, t.name());
        }
        return t;
    }

    /** The transport {@code wanted} names ({@code null} or blank: the default), when available. */
    static Transport named(String wanted) {
        String name = wanted == null ? "" : wanted.strip().toLowerCase(Locale.ROOT);
        switch (name) {
            case "", "epoll" -> {
                // the default below
            }
            case "io_uring", "iouring", "io-uring" -> {
                if (IoUring.isAvailable()) {
                    return ioUring();
                }
                LOG.log(System.Logger.Level.WARNING, "io_uring transport unavailable ({0}); using the default",
                        String.valueOf(IoUring.unavailabilityCause()));
            }
            case "nio" -> {
                return nio();
            }
            default -> LOG.log(System.Logger.Level.WARNING,
                    "unknown {0}={1} (epoll | io_uring | nio); using the default", PROPERTY, wanted);
        }
        if (Epoll.isAvailable()) {
            return epoll();
        }
        if (name.equals("epoll")) {
            LOG.log(System.Logger.Level.WARNING, "epoll transport unavailable ({0}); using nio",
                    String.valueOf(Epoll.unavailabilityCause()));
        }
        return nio();
    }

    /** Linux epoll; call only when {@link Epoll#isAvailable()}. */
    public static Transport epoll() {
        return new Transport("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class,
                EpollSocketChannel.class);
    }

    /** Linux io_uring; call only when {@link IoUring#isAvailable()}. */
    public static Transport ioUring() {
        return new Transport("io_uring", IoUringIoHandler.newFactory(), IoUringServerSocketChannel.class,
                IoUringSocketChannel.class);
    }

    public static Transport nio() {
        return new Transport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class, NioSocketChannel.class);
    }
}
