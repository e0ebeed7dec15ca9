package io.edgeplane.proxy.stream.tcp;

import io.edgeplane.proxy.stream.ActiveStream;
import io.edgeplane.proxy.stream.ActiveStreams;
import io.edgeplane.conf.model.ProxyProtocol;
import io.edgeplane.proxy.stream.StreamTarget;
import io.edgeplane.proxy.stream.meters.StreamCounters;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.socket.DuplexChannel;

import java.util.List;

/**
 * One client connection and the container connection it is relayed to, both on one event loop,
 * so its state needs no locks. It ends when both directions have been closed by their senders
 * (half-close relayed: a FIN from one side becomes a shutdown of output towards the other once
 * everything before it was written), when either side closes or fails, or when it is cut by
 * the idle timeout or the drain timeout.
 */
final class TcpConnection extends ActiveStream {

    private static final System.Logger LOG = System.getLogger(TcpConnection.class.getName());

    private final Channel client;
    private final Channel upstream;
    private final ActiveStreams active;
    private final StreamCounters counters;
    private boolean clientToUpstreamDone;
    private boolean upstreamToClientDone;
    private boolean closing;
    private int closedChannels;

    TcpConnection(Channel client, Channel upstream, StreamTarget target, int port, ActiveStreams active,
                  StreamCounters counters) {
        super(client.eventLoop(), target, port, false);
        this.client = client;
        this.upstream = upstream;
        this.active = active;
        this.counters = counters;
    }

    /**
     * Sends the PROXY header if asked and whatever the client sent early, joins the two channels
     * and starts reading both.
     */
    void start(ProxyProtocol proxyProtocol, List<Object> early, boolean clientInputShut) {
        switch (proxyProtocol) {
            case V1 -> upstream.write(ProxyProtocolV1Encoder.encode(upstream.alloc(),
                    (java.net.InetSocketAddress) client.remoteAddress(), (java.net.InetSocketAddress) client.localAddress()));
            case V2 -> upstream.write(ProxyProtocolV2Encoder.encode(upstream.alloc(),
                    (java.net.InetSocketAddress) client.remoteAddress(), (java.net.InetSocketAddress) client.localAddress()));
            case NONE -> {
            }
        }
        long earlyBytes = 0;
        for (Object msg : early) {
            if (msg instanceof ByteBuf buf) {
                earlyBytes += buf.readableBytes();
            }
            upstream.write(msg, upstream.voidPromise());
        }
        counters.opened();
        if (earlyBytes > 0) {
            counters.bytesIn(earlyBytes);
        }
        ChannelFutureListener closed = f -> channelClosed();
        client.closeFuture().addListener(closed);
        upstream.closeFuture().addListener(closed);
        active.add(this);
        upstream.pipeline().addLast(TcpRelayHandler.NAME, new TcpRelayHandler(this, client, false));
        client.pipeline().addLast(TcpRelayHandler.NAME, new TcpRelayHandler(this, upstream, true));
        upstream.flush();
        if (clientInputShut) {
            inputShutdown(client);
        }
    }

    /**
     * {@code from} will send no more: once what it sent before is written, shut the output
     * towards the other side, so that side sees the FIN too and may still answer.
     */
    void inputShutdown(Channel from) {
        Channel to = from == client ? upstream : client;
        boolean fromClient = from == client;
        to.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(written -> {
            if (!written.isSuccess() || !(to instanceof DuplexChannel duplex)) {
                closeNow();
                return;
            }
            duplex.shutdownOutput().addListener(shut -> {
                if (fromClient) {
                    clientToUpstreamDone = true;
                } else {
                    upstreamToClientDone = true;
                }
                if (!shut.isSuccess() || (clientToUpstreamDone && upstreamToClientDone)) {
                    closeNow();
                }
            });
        });
    }

    /** One side closed: let the other take what is still queued for it, then close it too. */
    void closeAfterFlush() {
        if (closing) {
            return;
        }
        closing = true;
        flushAndClose(client);
        flushAndClose(upstream);
    }

    private static void flushAndClose(Channel ch) {
        if (ch.isActive()) {
            ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        } else {
            ch.close();
        }
    }

    @Override
    protected void closeNow() {
        closing = true;
        client.close();
        upstream.close();
    }

    /** Bytes read from the client ({@code fromClient}) or the container in one read batch. */
    void relayed(boolean fromClient, long bytes) {
        if (fromClient) {
            counters.bytesIn(bytes);
        } else {
            counters.bytesOut(bytes);
        }
    }

    void failed(Throwable cause) {
        LOG.log(System.Logger.Level.DEBUG, "tcp {0} -> {1}: {2}", client.remoteAddress(), target().address(),
                cause.toString());
        closeNow();
    }

    private void channelClosed() {
        if (++closedChannels == 1) {
            closeAfterFlush();
        } else if (closedChannels == 2) {
            ended();
            active.remove(this);
        }
    }
}
