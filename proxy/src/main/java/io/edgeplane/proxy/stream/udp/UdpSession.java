package io.edgeplane.proxy.stream.udp;

import io.edgeplane.proxy.stream.ActiveStream;
import io.edgeplane.proxy.stream.StreamTarget;
import io.edgeplane.proxy.stream.meters.StreamCounters;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.socket.DatagramPacket;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;

/**
 * One client (address and port) of a UDP port and the container it is pinned to for the
 * session's whole life. Its own socket, connected to the container, tells the container's
 * replies apart from other sessions' and lets the container see one peer per client. Everything
 * here runs on the listener's event loop. Bytes relayed are summed per read burst and counted at
 * its flush.
 */
final class UdpSession extends ActiveStream {

    private final UdpListener owner;
    private final Channel listener;
    private final InetSocketAddress client;
    private final int maxPending;
    private final StreamCounters counters;
    private long bytesIn;
    private long bytesOut;
    private ArrayDeque<ByteBuf> pending = new ArrayDeque<>(4);
    private Channel upstream;
    private boolean connected;
    private boolean dirty;

    UdpSession(UdpListener owner, Channel listener, InetSocketAddress client, StreamTarget target, int port,
               int maxPending, StreamCounters counters) {
        super(listener.eventLoop(), target, port, true);
        this.owner = owner;
        this.listener = listener;
        this.client = client;
        this.maxPending = maxPending;
        this.counters = counters;
    }

    InetSocketAddress client() {
        return client;
    }

    /** Opens the session's socket; datagrams that arrive before it is connected wait (a few). */
    void open(Bootstrap sessions) {
        ChannelFuture connect = sessions.clone(listener.eventLoop())
                .handler(new UdpSessionInitializer(this, owner.idleTimeoutNanos()))
                .connect(target().address());
        upstream = connect.channel();
        upstream.closeFuture().addListener(f -> closed());
        counters.opened();
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                counters.connectFailed();
                upstream.close();
                return;
            }
            connected = true;
            ArrayDeque<ByteBuf> queued = pending;
            pending = null;
            long queuedBytes = 0;
            for (ByteBuf buf : queued) {
                queuedBytes += buf.readableBytes();
                upstream.write(buf, upstream.voidPromise());
            }
            upstream.flush();
            if (queuedBytes > 0) {
                counters.bytesIn(queuedBytes);
            }
        });
    }

    /** A datagram from the client, to the container; dropped when the socket cannot take it now. */
    void send(ByteBuf datagram) {
        if (connected) {
            if (upstream.isWritable()) {
                bytesIn += datagram.readableBytes();
                upstream.write(datagram, upstream.voidPromise());
                if (!dirty) {
                    dirty = true;
                    owner.flushLater(this);
                }
            } else {
                datagram.release();
            }
        } else if (pending != null && pending.size() < maxPending) {
            pending.add(datagram);
        } else {
            datagram.release();
        }
    }

    void flush() {
        dirty = false;
        if (bytesIn > 0) {
            counters.bytesIn(bytesIn);
            bytesIn = 0;
        }
        upstream.flush();
    }

    /** A datagram from the container, back to the client from the listening port. */
    void reply(ByteBuf datagram) {
        if (listener.isWritable()) {
            bytesOut += datagram.readableBytes();
            listener.write(new DatagramPacket(datagram, client), listener.voidPromise());
        } else {
            datagram.release();
        }
    }

    void replyComplete() {
        if (bytesOut > 0) {
            counters.bytesOut(bytesOut);
            bytesOut = 0;
        }
        listener.flush();
    }

    @Override
    protected void closeNow() {
        if (upstream != null) {
            upstream.close();
        }
    }

    private void closed() {
        ended();
        counters.bytesIn(bytesIn);
        counters.bytesOut(bytesOut);
        bytesIn = 0;
        bytesOut = 0;
        if (pending != null) {
            pending.forEach(ByteBuf::release);
            pending = null;
        }
        owner.sessionEnded(this);
    }
}
