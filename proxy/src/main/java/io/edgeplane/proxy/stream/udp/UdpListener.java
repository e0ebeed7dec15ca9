package io.edgeplane.proxy.stream.udp;

import io.edgeplane.proxy.stream.ActiveStreams;
import io.edgeplane.proxy.stream.StreamRoute;
import io.edgeplane.proxy.stream.StreamTable;
import io.edgeplane.proxy.stream.StreamTarget;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The handler of one UDP port's socket and its session table, keyed by client address and port.
 * The table belongs to the socket's event loop and every session's socket runs on that loop too,
 * so nothing here locks. A port the configuration dropped stops starting sessions but keeps its
 * socket (replies leave from it) until its last session ends.
 */
final class UdpListener extends ChannelInboundHandlerAdapter {

    private static final System.Logger LOG = System.getLogger(UdpListener.class.getName());

    private final int port;
    private final Supplier<StreamTable> tables;
    private final ActiveStreams active;
    private final Bootstrap sessionSockets;
    private final long idleTimeoutNanos;
    private final int maxPending;
    private final Map<InetSocketAddress, UdpSession> sessions = new HashMap<>();
    private final List<UdpSession> toFlush = new ArrayList<>();
    private ChannelHandlerContext ctx;
    private boolean accepting = true;
    private volatile int sessionCount;
    private final int maxSessions;

    /**
     * @param maxSessions sessions this port holds at most ({@code max_stream_connections}, as
     *                    nginx's limit_conn counts UDP sessions); datagrams that would start
     *                    another are dropped and counted; 0 = no cap
     */
    UdpListener(int port, Supplier<StreamTable> tables, ActiveStreams active, Bootstrap sessionSockets,
                long idleTimeoutNanos, int maxPending, int maxSessions) {
        this.maxSessions = maxSessions;
        this.port = port;
        this.tables = tables;
        this.active = active;
        this.sessionSockets = sessionSockets;
        this.idleTimeoutNanos = idleTimeoutNanos;
        this.maxPending = maxPending;
    }

    long idleTimeoutNanos() {
        return idleTimeoutNanos;
    }

    /** Sessions open now (read from any thread, for metrics and tests). */
    int sessionCount() {
        return sessionCount;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof DatagramPacket packet)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        UdpSession session = sessions.get(packet.sender());
        if (session == null) {
            session = start(packet.sender());
            if (session == null) {
                packet.release();
                return;
            }
        }
        session.send(packet.content());
    }

    private UdpSession start(InetSocketAddress client) {
        if (!accepting) {
            return null;
        }
        if (maxSessions > 0 && sessions.size() >= maxSessions) {
            // Each session holds a socket: without a cap, datagrams from many (or spoofed)
            // sources could take every file descriptor the node has.
            active.refusedAtCap();
            return null;
        }
        StreamRoute route = tables.get().udp(port);
        StreamTarget target = route == null ? null : route.pick();
        if (target == null) {
            LOG.log(System.Logger.Level.DEBUG, "udp port {0}: no ready container for {1}", port, client);
            active.refusedNoContainer();
            return null;
        }
        UdpSession session = new UdpSession(this, ctx.channel(), client, target, port, maxPending, route.counters());
        sessions.put(client, session);
        sessionCount = sessions.size();
        session.open(sessionSockets);
        active.add(session);
        return session;
    }

    void flushLater(UdpSession session) {
        toFlush.add(session);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // One flush (one sendmsg batch) per session per read burst, not one per datagram.
        for (int i = 0; i < toFlush.size(); i++) {
            toFlush.get(i).flush();
        }
        toFlush.clear();
    }

    void sessionEnded(UdpSession session) {
        sessions.remove(session.client(), session);
        sessionCount = sessions.size();
        active.remove(session);
        if (!accepting && sessions.isEmpty()) {
            ctx.channel().close();
        }
    }

    /** On the event loop: no new sessions; the socket closes with the last session. */
    void stopAccepting() {
        accepting = false;
        if (sessions.isEmpty()) {
            ctx.channel().close();
        }
    }

    /** On the event loop: the port is back in the configuration; false when the socket already closed. */
    boolean resumeAccepting() {
        if (!ctx.channel().isOpen()) {
            return false;
        }
        accepting = true;
        return true;
    }

    /** On the event loop: ends every session (the proxy stops). */
    void closeSessions() {
        List.copyOf(sessions.values()).forEach(UdpSession::closeNow);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A send to a client that went away (ICMP unreachable) is that client's problem, not the port's.
        LOG.log(System.Logger.Level.DEBUG, "udp port {0}: {1}", port, cause.toString());
    }
}
