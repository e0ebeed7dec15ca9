package io.edgeplane.proxy.stream.tcp;

import io.edgeplane.proxy.stream.ActiveStreams;
import io.edgeplane.proxy.stream.StreamRoute;
import io.edgeplane.proxy.stream.StreamTable;
import io.edgeplane.proxy.stream.StreamTarget;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The first handler of an accepted connection: picks the container (round-robin over the
 * current version of the table in force at accept), dials it on the client's own event loop and,
 * when a connect fails or times out, the next container of the same route; nothing was sent yet,
 * so any container will do. With none left the client is closed. Each failure counts towards the
 * container's passive health (taken out for {@code fail_timeout} after {@code max_fails}; such
 * containers are tried last), each success clears it. Then it hands both channels to a
 * {@link TcpConnection} and leaves the pipeline.
 *
 * <p>Auto-read is off until then, but epoll still reads a socket to its end when the client's
 * FIN arrives (netty#3709): what is read that early is kept, with the FIN, for the container.
 */
final class TcpConnectHandler extends ChannelInboundHandlerAdapter {

    private static final System.Logger LOG = System.getLogger(TcpConnectHandler.class.getName());

    private final int port;
    private final Supplier<StreamTable> tables;
    private final Bootstrap upstreams;
    private final ActiveStreams active;
    private final List<Object> early = new ArrayList<>(1);
    private boolean inputShut;

    TcpConnectHandler(int port, Supplier<StreamTable> tables, Bootstrap upstreams, ActiveStreams active) {
        this.port = port;
        this.tables = tables;
        this.upstreams = upstreams;
        this.active = active;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        StreamRoute route = tables.get().tcp(port);
        List<StreamTarget> order = route == null ? List.of() : route.order(System.nanoTime());
        if (order.isEmpty()) {
            active.refusedNoContainer();
            LOG.log(System.Logger.Level.DEBUG, "tcp port {0}: no ready container, closing {1}", port,
                    ctx.channel().remoteAddress());
            ctx.close();
            return;
        }
        dial(ctx, route, order, 0);
    }

    private void dial(ChannelHandlerContext ctx, StreamRoute route, List<StreamTarget> order, int attempt) {
        Channel client = ctx.channel();
        StreamTarget target = order.get(attempt);
        ChannelFuture connect = upstreams.clone(client.eventLoop()).connect(target.address());
        connect.addListener(f -> {
            Channel upstream = connect.channel();
            if (!client.isActive()) {
                upstream.close();
                return;
            }
            if (f.isSuccess()) {
                target.health().succeeded();
                try {
                    ctx.pipeline().remove(this);
                    new TcpConnection(client, upstream, target, port, active, route.counters())
                            .start(route.proxyProtocol(), early, inputShut);
                } catch (RuntimeException e) {
                    // A listener's exception would only be logged by Netty: both ends would stay open.
                    LOG.log(System.Logger.Level.WARNING, "tcp port " + port + ": could not relay to "
                            + target.address() + "; closing " + client.remoteAddress(), e);
                    // Not released: some may already sit in the upstream's outbound buffer, which the
                    // close releases; a pooled buffer freed twice could be reused while queued.
                    upstream.close();
                    client.close();
                }
                early.clear();
                return;
            }
            target.health().failed(System.nanoTime());
            route.counters().connectFailed();
            if (attempt + 1 < order.size()) {
                LOG.log(System.Logger.Level.DEBUG, "tcp port {0}: {1} failed ({2}), trying the next container",
                        port, target.address(), f.cause().toString());
                dial(ctx, route, order, attempt + 1);
            } else {
                LOG.log(System.Logger.Level.WARNING, "tcp port {0}: no container of {1} accepted ({2}); closing {3}",
                        port, route.service(), f.cause().toString(), client.remoteAddress());
                client.close();
            }
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        early.add(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ChannelInputShutdownEvent.INSTANCE) {
            inputShut = true;
        } else if (evt instanceof IdleStateEvent) {
            ctx.close();
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        early.forEach(ReferenceCountUtil::release);
        early.clear();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
