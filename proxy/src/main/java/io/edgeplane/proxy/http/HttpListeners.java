package io.edgeplane.proxy.http;

import io.edgeplane.proxy.ListenerClose;
import io.edgeplane.proxy.Transport;
import io.edgeplane.proxy.route.ListenerKey;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The open server sockets, one per {@link ListenerKey}, reconciled with each configuration:
 * new ports are bound, ports no longer used are closed. Closing a listener stops accepting;
 * connections it accepted carry on (they drain). Called from the configuration thread only.
 */
public final class HttpListeners {

    private static final System.Logger LOG = System.getLogger(HttpListeners.class.getName());

    private final EventLoopGroup group;
    private final Transport transport;
    private final Function<ListenerKey, ChannelHandler> initializers;
    private final Map<ListenerKey, Channel> open = new HashMap<>();
    private InetAddress bound;

    public HttpListeners(EventLoopGroup group, Transport transport, Function<ListenerKey, ChannelHandler> initializers) {
        this.group = group;
        this.transport = transport;
        this.initializers = initializers;
    }

    /** Opens and closes listeners so that exactly {@code wanted} are open on {@code bind}. */
    public synchronized void reconcile(InetAddress bind, Set<ListenerKey> wanted) {
        if (bound != null && !bound.equals(bind)) {
            closeAll();
        }
        bound = bind;
        Iterator<Map.Entry<ListenerKey, Channel>> it = open.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<ListenerKey, Channel> e = it.next();
            if (!wanted.contains(e.getKey())) {
                LOG.log(System.Logger.Level.INFO, "closing {0} listener on port {1}", scheme(e.getKey()), e.getKey().port());
                ListenerClose.closeAndRelease(e.getValue());
                it.remove();
            }
        }
        for (ListenerKey key : wanted) {
            if (!open.containsKey(key)) {
                bind(bind, key);
            }
        }
    }

    private void bind(InetAddress address, ListenerKey key) {
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 128 * 1024))
                .childHandler(initializers.apply(key));
        try {
            Channel ch = b.bind(new InetSocketAddress(address, key.port())).syncUninterruptibly().channel();
            open.put(key, ch);
            LOG.log(System.Logger.Level.INFO, "{0} listener on {1}", scheme(key), ch.localAddress());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot listen for {0} on {1}:{2}: {3}", scheme(key),
                    address.getHostAddress(), key.port(), e.toString());
        }
    }

    /** The ports currently listening. */
    public synchronized Set<Integer> ports() {
        Set<Integer> ports = new TreeSet<>();
        open.keySet().forEach(k -> ports.add(k.port()));
        return ports;
    }

    public synchronized void closeAll() {
        open.values().forEach(ListenerClose::closeAndRelease);
        open.clear();
    }

    private static String scheme(ListenerKey key) {
        return key.tls() ? "https" : "http";
    }
}
