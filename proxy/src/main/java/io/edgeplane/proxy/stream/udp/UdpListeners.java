package io.edgeplane.proxy.stream.udp;

import io.edgeplane.proxy.stream.ActiveStreams;
import io.edgeplane.proxy.stream.PortReconciler;
import io.edgeplane.proxy.stream.StreamOptions;
import io.edgeplane.proxy.stream.StreamTable;
import io.edgeplane.proxy.stream.StreamTransport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * One socket per {@code udp:} port, reconciled with each table. A dropped port stops starting
 * sessions and lingers until its sessions end (their replies leave from it); if the port comes
 * back meanwhile, the lingering socket takes new sessions again. Configuration thread only.
 */
public final class UdpListeners {

    private static final System.Logger LOG = System.getLogger(UdpListeners.class.getName());

    private final EventLoopGroup group;
    private final StreamTransport transport;
    private final StreamOptions options;
    private final Supplier<StreamTable> tables;
    private final ActiveStreams active;
    private final Bootstrap sessionSockets;
    private final Map<Integer, Bound> open = new HashMap<>();
    private final Map<Integer, Bound> lingering = new HashMap<>();
    private InetAddress bound;

    private record Bound(Channel channel, UdpListener listener) {
    }

    public UdpListeners(EventLoopGroup group, StreamTransport transport, StreamOptions options,
                        Supplier<StreamTable> tables, ActiveStreams active) {
        this.group = group;
        this.transport = transport;
        this.options = options;
        this.tables = tables;
        this.active = active;
        this.sessionSockets = new Bootstrap()
                .group(group)
                .channel(transport.datagramChannel())
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(options.maxDatagramSize()))
                .handler(new ChannelInboundHandlerAdapter());
    }

    /** Opens, lingers and reopens sockets so that exactly {@code ports} start sessions on {@code bind}. */
    public synchronized void reconcile(InetAddress bind, Set<Integer> ports) {
        lingering.values().removeIf(b -> !b.channel().isOpen());
        if (bound != null && !bound.equals(bind)) {
            closeAll();
        }
        bound = bind;
        PortReconciler.reconcile(open, ports, this::linger, port -> resumeOrBind(bind, port));
    }

    private void linger(int port, Bound b) {
        LOG.log(System.Logger.Level.INFO, "udp port {0} no longer configured: no new sessions; closes"
                + " with its last session", port);
        b.channel().eventLoop().execute(b.listener()::stopAccepting);
        lingering.put(port, b);
    }

    /** Takes a lingering socket back if it still accepts; otherwise waits for it to close and binds anew. */
    private void resumeOrBind(InetAddress address, int port) {
        Bound old = lingering.remove(port);
        if (old != null && old.channel().eventLoop().submit(old.listener()::resumeAccepting)
                .syncUninterruptibly().getNow()) {
            open.put(port, old);
            return;
        }
        if (old != null) {
            old.channel().closeFuture().syncUninterruptibly();
        }
        bind(address, port);
    }

    private void bind(InetAddress address, int port) {
        UdpListener listener = new UdpListener(port, tables, active, sessionSockets,
                options.udpIdleTimeout().toNanos(), options.maxPendingDatagrams(), options.maxConnectionsPerPort());
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(transport.datagramChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(options.maxDatagramSize()))
                .handler((ChannelHandler) listener);
        try {
            Channel ch = b.bind(new InetSocketAddress(address, port)).syncUninterruptibly().channel();
            open.put(port, new Bound(ch, listener));
            LOG.log(System.Logger.Level.INFO, "udp listener on {0}", ch.localAddress());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot listen for udp on {0}:{1}: {2}", address.getHostAddress(),
                    port, e.toString());
        }
    }

    /** The ports starting sessions now. */
    public synchronized Set<Integer> ports() {
        return new TreeSet<>(open.keySet());
    }

    /** Sessions open now on {@code port} (also on a lingering socket). */
    public synchronized int sessions(int port) {
        Bound b = open.getOrDefault(port, lingering.get(port));
        return b == null ? 0 : b.listener().sessionCount();
    }

    /** Closes every socket and ends every session. */
    public synchronized void closeAll() {
        for (Map<Integer, Bound> map : java.util.List.of(open, lingering)) {
            for (Bound b : map.values()) {
                b.channel().eventLoop().submit(b.listener()::closeSessions).syncUninterruptibly();
                b.channel().close().syncUninterruptibly();
            }
            map.clear();
        }
    }
}
