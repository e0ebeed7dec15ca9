package io.edgeplane.proxy.stream.tcp;

import io.edgeplane.proxy.stream.ActiveStreams;
import io.edgeplane.proxy.stream.PortReconciler;
import io.edgeplane.proxy.stream.StreamOptions;
import io.edgeplane.proxy.stream.StreamTable;
import io.edgeplane.proxy.stream.StreamTransport;
import io.netty.bootstrap.Bootstrap;
import io.edgeplane.proxy.ListenerClose;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.timeout.IdleStateHandler;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One server socket per {@code tcp:} port, reconciled with each table: new ports bound, ports no
 * longer used closed. Closing a listener only stops accepting; its connections carry on and
 * drain. With {@code max_stream_connections} set, a port holding that many open connections
 * closes each new one as soon as it is accepted (nginx limit_conn); the count of a port survives
 * its listener being closed and opened again. Called from the configuration thread only.
 */
public final class TcpListeners {

    private static final System.Logger LOG = System.getLogger(TcpListeners.class.getName());

    /** Both channels buffer at most this much unsent before the other side stops reading. */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(128 * 1024, 512 * 1024);

    private final EventLoopGroup group;
    private final StreamTransport transport;
    private final StreamOptions options;
    private final Supplier<StreamTable> tables;
    private final ActiveStreams active;
    private final Bootstrap upstreams;
    private final Map<Integer, Channel> open = new HashMap<>();
    private final Map<Integer, AtomicInteger> connectionsByPort = new ConcurrentHashMap<>();
    private InetAddress bound;

    public TcpListeners(EventLoopGroup group, StreamTransport transport, StreamOptions options,
                        Supplier<StreamTable> tables, ActiveStreams active) {
        this.group = group;
        this.transport = transport;
        this.options = options;
        this.tables = tables;
        this.active = active;
        this.upstreams = new Bootstrap()
                .group(group)
                .channel(transport.transport().socketChannel())
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        options.connectTimeout().toMillis()))
                .handler(idleInitializer());
    }

    /** Opens and closes listeners so that exactly {@code ports} listen on {@code bind}. */
    public synchronized void reconcile(InetAddress bind, Set<Integer> ports) {
        if (bound != null && !bound.equals(bind)) {
            closeAll();
        }
        bound = bind;
        PortReconciler.reconcile(open, ports, (port, ch) -> {
            LOG.log(System.Logger.Level.INFO, "closing tcp listener on port {0}", port);
            ListenerClose.closeAndRelease(ch);
        }, port -> bind(bind, port));
    }

    private void bind(InetAddress address, int port) {
        int max = options.maxConnectionsPerPort();
        AtomicInteger connections = max > 0 ? connectionsByPort.computeIfAbsent(port, p -> new AtomicInteger()) : null;
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(transport.transport().serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (connections != null && !admit(ch, connections, max, port)) {
                            return;
                        }
                        ch.pipeline().addLast(idleHandler(), new TcpConnectHandler(port, tables, upstreams, active));
                    }
                });
        try {
            Channel ch = b.bind(new InetSocketAddress(address, port)).syncUninterruptibly().channel();
            open.put(port, ch);
            LOG.log(System.Logger.Level.INFO, "tcp listener on {0}", ch.localAddress());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot listen for tcp on {0}:{1}: {2}", address.getHostAddress(),
                    port, e.toString());
        }
    }

    /** Counts {@code ch} against its port's cap until it closes, or closes it now when the port is full. */
    private boolean admit(Channel ch, AtomicInteger connections, int max, int port) {
        if (connections.incrementAndGet() > max) {
            connections.decrementAndGet();
            active.refusedAtCap();      // before the close, so whoever sees the close sees the count
            LOG.log(System.Logger.Level.DEBUG, "tcp port {0}: {1} connections open, closing {2}", port, max,
                    ch.remoteAddress());
            ch.close();
            return false;
        }
        ch.closeFuture().addListener(f -> connections.decrementAndGet());
        return true;
    }

    private ChannelHandler idleInitializer() {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(idleHandler());
            }
        };
    }

    /** nginx proxy_timeout: no byte read or written on this side for the whole timeout. */
    private IdleStateHandler idleHandler() {
        return new IdleStateHandler(0, 0, options.tcpIdleTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    public synchronized Set<Integer> ports() {
        return new TreeSet<>(open.keySet());
    }

    public synchronized void closeAll() {
        open.values().forEach(ListenerClose::closeAndRelease);
        open.clear();
    }
}
