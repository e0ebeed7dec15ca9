package io.edgeplane.proxy.stream;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A UDP container on loopback: answers each datagram with {@code <name>:<payload>} and remembers who sent. */
final class UdpEchoServer implements AutoCloseable {

    private final DatagramSocket socket;
    private final String name;
    private final Set<SocketAddress> peers = ConcurrentHashMap.newKeySet();

    UdpEchoServer(String name) throws IOException {
        this.name = name;
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread.ofPlatform().daemon().start(this::loop);
    }

    int port() {
        return socket.getLocalPort();
    }

    /** The distinct source addresses seen: one per proxy session. */
    Set<SocketAddress> peers() {
        return peers;
    }

    private void loop() {
        byte[] buf = new byte[65_535];
        byte[] prefix = (name + ":").getBytes(StandardCharsets.US_ASCII);
        while (!socket.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                peers.add(p.getSocketAddress());
                byte[] out = new byte[prefix.length + p.getLength()];
                System.arraycopy(prefix, 0, out, 0, prefix.length);
                System.arraycopy(buf, 0, out, prefix.length, p.getLength());
                socket.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
