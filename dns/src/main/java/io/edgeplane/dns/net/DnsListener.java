package io.edgeplane.dns.net;

import io.edgeplane.conf.model.Endpoint;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A DNS endpoint: UDP and TCP on one address and port, both answering through one
 * {@link QueryService}. Binding is synchronous (a port taken is an error at start); closing waits
 * for the sockets to be released so a test can bind the port again at once. UDP goes through
 * Netty's channels, or, when asked for and the platform allows, through
 * {@link BatchedUdpSocket}s (recvmmsg/sendmmsg, one reader thread per socket).
 */
public final class DnsListener implements AutoCloseable {

    /** TCP clients idle this long are closed (RFC 7766 §6.2.3 suggests seconds, not minutes). */
    private static final int TCP_IDLE_SECONDS = 10;
    private static final int MAX_UDP_QUERY = 4096;
    private static final int PORT_ZERO_ATTEMPTS = 20;
    private static final int UDP_READS_PER_WAKEUP = 16;

    private final Endpoint endpoint;
    private final List<Channel> channels;
    private final List<BatchedUdpSocket> batched;

    private DnsListener(Endpoint endpoint, List<Channel> channels, List<BatchedUdpSocket> batched) {
        this.endpoint = endpoint;
        this.channels = channels;
        this.batched = batched;
    }

    /** A listener with Netty's UDP channels. */
    public static DnsListener bind(Endpoint endpoint, EventLoopGroup group, DnsTransport transport,
                                   int udpSockets, QueryService service) throws InterruptedException {
        return bind(endpoint, group, transport, udpSockets, service, false);
    }

    /**
     * @param batchedUdp read UDP in batches on threads of its own ({@link BatchedUdpSocket}) where
     *                   the transport is epoll and the FFM calls are there; worth it for a service
     *                   that answers most queries in {@link QueryService#answerNow}, since every
     *                   other query takes a hop to an event loop
     */
    public static DnsListener bind(Endpoint endpoint, EventLoopGroup group, DnsTransport transport,
                                   int udpSockets, QueryService service, boolean batchedUdp) throws InterruptedException {
        boolean batch = batchedUdp && transport.reusePort() && BatchedUdpSocket.available();
        // Port 0: the kernel picks a free UDP port, but the same TCP port may be taken (by any
        // outgoing connection's local port), so another pick is worth a few tries.
        int attempts = endpoint.port() == 0 ? PORT_ZERO_ATTEMPTS : 1;
        for (int i = 1; ; i++) {
            try {
                return bindOnce(endpoint, group, transport, udpSockets, service, batch);
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                // Netty rethrows the bind's IOException unchecked-style, hence Exception.
                if (i >= attempts) {
                    throw e;
                }
            }
        }
    }

    private static DnsListener bindOnce(Endpoint endpoint, EventLoopGroup group, DnsTransport transport,
                                        int udpSockets, QueryService service, boolean batch) throws InterruptedException {
        List<Channel> channels = new ArrayList<>();
        List<BatchedUdpSocket> batched = new ArrayList<>();
        try {
            InetSocketAddress address = endpoint.socketAddress();
            InetSocketAddress bound;
            if (batch) {
                bound = bindBatched(address, group, Math.max(1, udpSockets), service, batched);
            } else {
                bound = bindNetty(address, group, transport, udpSockets, service, channels);
            }
            ServerBootstrap s = new ServerBootstrap().group(group).channel(transport.serverChannel())
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(
                                    new IdleStateHandler(0, 0, TCP_IDLE_SECONDS, TimeUnit.SECONDS),
                                    new LengthFieldBasedFrameDecoder(0xffff + 2, 0, 2, 0, 2),
                                    new TcpQueryHandler(service));
                        }
                    });
            channels.add(s.bind(bound).sync().channel());
            return new DnsListener(new Endpoint(bound.getAddress(), bound.getPort()), List.copyOf(channels),
                    List.copyOf(batched));
        } catch (Exception e) {
            // Also Netty's bind IOException, which sync() throws undeclared.
            channels.forEach(Channel::close);
            batched.forEach(BatchedUdpSocket::close);
            throw e;
        }
    }

    /** Binds the UDP sockets, each read by its own thread; returns the address they share. */
    private static InetSocketAddress bindBatched(InetSocketAddress address, EventLoopGroup group, int sockets,
                                                 QueryService service, List<BatchedUdpSocket> into) {
        InetSocketAddress at = address;
        try {
            for (int i = 0; i < sockets; i++) {
                // Misses of socket i are handled on one loop, so its fetches stay together.
                BatchedUdpSocket s = BatchedUdpSocket.open(at, service, group.next(),
                        "edge-dns-udp-" + address.getPort() + "-" + i);
                into.add(s);
                if (i == 0) {
                    // Port 0 means "any": the other sockets join the one the kernel picked.
                    at = new InetSocketAddress(address.getAddress(), s.port());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        return at;
    }

    private static InetSocketAddress bindNetty(InetSocketAddress address, EventLoopGroup group, DnsTransport transport,
                                           int udpSockets, QueryService service, List<Channel> into)
        throws InterruptedException {
        Bootstrap b = new Bootstrap().group(group).channel(transport.datagramChannel())
                .option(ChannelOption.RECVBUF_ALLOCATOR, udpReceiveBuffers())
                .option(ChannelOption.SO_RCVBUF, 1 << 20)
                // A handler per socket: each keeps its own scratch buffer on its own loop.
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        ch.pipeline().addLast(new UdpQueryHandler(service));
                    }
                });
        int sockets = transport.reusePort() ? Math.max(1, udpSockets) : 1;
        if (transport.reusePort()) {
            b.option(EpollChannelOption.SO_REUSEPORT, true);
        }
        Channel first = b.bind(address).sync().channel();
        into.add(first);
        // Port 0 means "any": the other sockets join the one the kernel picked.
        InetSocketAddress bound = (InetSocketAddress) first.localAddress();
        for (int i = 1; i < sockets; i++) {
            into.add(b.bind(bound).sync().channel());
        }
        return bound;
    }

    /**
     * Reads up to {@link #UDP_READS_PER_WAKEUP} datagrams per epoll wake-up while any are queued.
     * An allocator set by hand reads one (Netty's per-channel default of 16 is lost), and by
     * default a read that does not fill the buffer ends the batch: one wake-up per query, and no
     * batch for the answers' flush (sendmmsg).
     */
    private static FixedRecvByteBufAllocator udpReceiveBuffers() {
        FixedRecvByteBufAllocator a = new FixedRecvByteBufAllocator(MAX_UDP_QUERY);
        a.maxMessagesPerRead(UDP_READS_PER_WAKEUP);
        a.respectMaybeMoreData(false);
        return a;
    }

    /** Where it listens, with the port the kernel chose if port 0 was asked for. */
    public Endpoint endpoint() {
        return endpoint;
    }

    /** How UDP is read: "recvmmsg" (batched) or Netty's transport. */
    public String udpIo(DnsTransport transport) {
        return batched.isEmpty() ? transport.name() : "recvmmsg";
    }

    @Override
    public void close() {
        batched.forEach(BatchedUdpSocket::close);
        for (Channel c : channels) {
            c.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }
}
