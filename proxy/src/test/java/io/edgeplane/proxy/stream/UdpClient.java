package io.edgeplane.proxy.stream;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A UDP client of the proxy on loopback: one socket, so one session, for its whole life. */
final class UdpClient implements AutoCloseable {

    private final DatagramSocket socket;
    private final int port;
    private int lastReplyPort;

    UdpClient(int port) throws IOException {
        this.port = port;
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setSoTimeout(3000); // generous: a loaded 2-core CI machine can take over a second to answer
    }

    /** Sends {@code text} and returns the answer; UDP may drop, so it tries up to three times. */
    String ask(String text) throws IOException {
        return new String(ask(text.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    /** Sends {@code text} once and returns the answer, or null when none comes within {@code waitMillis}. */
    String askOnce(String text, int waitMillis) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(payload, payload.length, InetAddress.getLoopbackAddress(), port));
        int before = socket.getSoTimeout();
        socket.setSoTimeout(waitMillis);
        try {
            byte[] buf = new byte[65_535];
            DatagramPacket reply = new DatagramPacket(buf, buf.length);
            socket.receive(reply);
            return new String(buf, 0, reply.getLength(), StandardCharsets.UTF_8);
        } catch (SocketTimeoutException e) {
            return null;
        } finally {
            socket.setSoTimeout(before);
        }
    }

    byte[] ask(byte[] payload) throws IOException {
        for (int attempt = 0; ; attempt++) {
            socket.send(new DatagramPacket(payload, payload.length, InetAddress.getLoopbackAddress(), port));
            try {
                byte[] buf = new byte[65_535];
                DatagramPacket reply = new DatagramPacket(buf, buf.length);
                socket.receive(reply);
                lastReplyPort = reply.getPort();
                return java.util.Arrays.copyOf(buf, reply.getLength());
            } catch (SocketTimeoutException e) {
                if (attempt == 2) {
                    throw e;
                }
            }
        }
    }

    /** Sends without waiting for an answer. */
    void send(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(payload, payload.length, InetAddress.getLoopbackAddress(), port));
    }

    /** The source port of the last answer: the proxy's listening port, if replies leave from it. */
    int lastReplyPort() {
        return lastReplyPort;
    }

    @Override
    public void close() {
        socket.close();
    }
}
