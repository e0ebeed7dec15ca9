package io.edgeplane.dns.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.edgeplane.conf.model.Endpoint;
import io.edgeplane.conf.testing.LoopbackPorts;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * UDP listeners (batched, Netty on epoll, Netty on NIO) against many clients at once: bursts
 * fill the batches, every answer (fast or through the event loop) goes back to the socket that
 * asked with its own bytes, and the port is free again once the listener is closed.
 */
class UdpListenerTest {

    private static final DnsTransport TRANSPORT = DnsTransport.best();
    private static EventLoopGroup group;
    private static EventLoopGroup nioGroup;

    /**
     * Echoes a query with a marker byte: 'F' in answerNow for even IDs, 'S' through query() for
     * odd ones, so both paths and their addressing are checked.
     */
    private static final QueryService ECHO = new QueryService() {
        @Override
        public void query(ByteBuffer query, InetSocketAddress sender, boolean tcp, EventLoop loop, Reply reply) {
            byte[] b = new byte[query.remaining() + 1];
            query.get(query.position(), b, 0, b.length - 1);
            b[b.length - 1] = 'S';
            reply.send(b);
        }

        @Override
        public int answerNow(ByteBuffer query, InetAddress caller, ByteBuffer out) {
            if ((query.get(query.position() + 1) & 1) != 0) {
                return -1;
            }
            int n = query.remaining();
            out.put(out.position(), query, query.position(), n).put(out.position() + n, (byte) 'F');
            out.position(out.position() + n + 1);
            return n + 1;
        }
    };

    @BeforeAll
    static void start() {
        group = new MultiThreadIoEventLoopGroup(2, TRANSPORT.ioHandlerFactory());
        nioGroup = new MultiThreadIoEventLoopGroup(1, DnsTransport.nio().ioHandlerFactory());
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        nioGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void batchedSocketsAnswerBurstsToEachSender() throws Exception {
        assumeTrue(TRANSPORT.reusePort() && BatchedUdpSocket.available(), "batched UDP needs Linux and FFM");
        burst(group, TRANSPORT, true, "recvmmsg");
    }

    @Test
    void nettyChannelsAnswerBurstsToEachSender() throws Exception {
        burst(group, TRANSPORT, false, TRANSPORT.name());
    }

    @Test
    void nioChannelsAnswerBurstsToEachSender() throws Exception {
        burst(nioGroup, DnsTransport.nio(), true, "nio");
    }

    @Test
    void batchedSocketsServeIpv6() throws Exception {
        assumeTrue(TRANSPORT.reusePort() && BatchedUdpSocket.available(), "batched UDP needs Linux and FFM");
        InetAddress loopback6 = InetAddress.getByName("::1");
        DatagramSocket client;
        try {
            client = new DatagramSocket(new InetSocketAddress(loopback6, 0));
        } catch (java.net.SocketException e) {
            assumeTrue(false, "no IPv6 loopback here: " + e.getMessage());
            return;
        }
        try (client; DnsListener listener = DnsListener.bind(new Endpoint(loopback6, LoopbackPorts.tcpAndUdp()), group,
                TRANSPORT, 1, ECHO, true)) {
            client.setSoTimeout(2000);
            for (int id = 0; id < 2; id++) {
                byte[] q = {9, (byte) id, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
                client.send(new DatagramPacket(q, q.length, listener.endpoint().socketAddress()));
                byte[] buf = new byte[64];
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                client.receive(p);
                assertEquals(13, p.getLength());
                assertEquals(id, buf[1]);
                assertEquals(id == 0 ? 'F' : 'S', buf[12]);
            }
        }
    }

    private static void burst(EventLoopGroup group, DnsTransport transport, boolean batched, String io) throws Exception {
        Endpoint at = Endpoint.of("127.0.0.1", LoopbackPorts.tcpAndUdp());
        try (DnsListener listener = DnsListener.bind(at, group, transport, 2, ECHO, batched)) {
            assertEquals(io, listener.udpIo(transport));
            List<DatagramSocket> clients = new ArrayList<>();
            try {
                for (int c = 0; c < 6; c++) {
                    DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0." + (c + 1), 0));
                    s.setSoTimeout(2000);
                    s.setReceiveBufferSize(1 << 20);
                    clients.add(s);
                }
                for (int round = 0; round < 3; round++) {
                    // No waiting between sends: the listener finds many datagrams per receive.
                    for (int id = 0; id < 100; id++) {
                        for (int c = 0; c < clients.size(); c++) {
                            byte[] q = {(byte) c, (byte) id, (byte) round, 1, 2, 3, 4, 5, 6, 7, 8, 9};
                            clients.get(c).send(new DatagramPacket(q, q.length, listener.endpoint().socketAddress()));
                        }
                    }
                    for (int c = 0; c < clients.size(); c++) {
                        Set<Integer> ids = new HashSet<>();
                        byte[] buf = new byte[512];
                        for (int k = 0; k < 100; k++) {
                            DatagramPacket p = new DatagramPacket(buf, buf.length);
                            try {
                                clients.get(c).receive(p);
                            } catch (SocketTimeoutException e) {
                                break;
                            }
                            assertEquals(13, p.getLength());
                            assertEquals(c, buf[0], "an answer reached the wrong client");
                            assertEquals(round, buf[2]);
                            assertEquals((buf[1] & 1) == 0 ? 'F' : 'S', buf[12]);
                            ids.add(buf[1] & 0xff);
                        }
                        // Loopback drops nothing at this rate, and nothing is answered twice.
                        assertEquals(100, ids.size(), "client " + c + " round " + round);
                    }
                    System.gc(); // the kernel must still find every buffer it was given
                }
            } finally {
                clients.forEach(DatagramSocket::close);
            }
        }
        if (transport.reusePort()) {
            // Closed means released: the same UDP port can be bound at once. (NIO frees a socket
            // registered with a selector only at the selector's next turn.)
            try (DatagramSocket again = new DatagramSocket(new InetSocketAddress("127.0.0.1", at.port()))) {
                assertTrue(again.isBound());
            }
        }
    }
}
