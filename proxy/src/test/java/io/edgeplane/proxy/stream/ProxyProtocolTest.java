package io.edgeplane.proxy.stream;

import io.edgeplane.conf.model.ProxyProtocol;

import io.edgeplane.conf.registry.Readiness;
import io.edgeplane.proxy.stream.tcp.ProxyProtocolV1Encoder;
import io.edgeplane.proxy.stream.tcp.ProxyProtocolV2Encoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** With proxy_protocol on, the container reads the client's address from a PROXY header, then the bytes. */
class ProxyProtocolTest {

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void versionOneHeaderNamesTheClient() throws Exception {
        String seen = relayThrough(ProxyProtocol.V1, in -> Clients.readLine(in));
        String[] parts = seen.split(" ");
        assertEquals("PROXY", parts[0]);
        assertEquals("TCP4", parts[1]);
        assertEquals(last.client().getAddress().getHostAddress(), parts[2]);
        assertEquals("127.0.0.1", parts[3]);
        assertEquals(Integer.toString(last.client().getPort()), parts[4]);
        assertEquals(Integer.toString(last.proxyPort()), parts[5].trim());
        assertEquals('\r', seen.charAt(seen.length() - 1), "the line ends with CRLF");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void versionTwoHeaderNamesTheClient() throws Exception {
        String seen = relayThrough(ProxyProtocol.V2, in -> {
            DataInputStream data = new DataInputStream(in);
            byte[] fixed = new byte[16];
            data.readFully(fixed);
            assertArrayEquals(ProxyProtocolV2Encoder.SIGNATURE, Arrays.copyOf(fixed, 12));
            assertEquals(0x21, fixed[12], "version 2, PROXY");
            assertEquals(0x11, fixed[13], "TCP over IPv4");
            int length = ((fixed[14] & 0xFF) << 8) | (fixed[15] & 0xFF);
            assertEquals(12, length);
            byte[] src = data.readNBytes(4);
            byte[] dst = data.readNBytes(4);
            int srcPort = data.readUnsignedShort();
            int dstPort = data.readUnsignedShort();
            return InetAddress.getByAddress(src).getHostAddress() + ":" + srcPort + " "
                    + InetAddress.getByAddress(dst).getHostAddress() + ":" + dstPort;
        });
        assertEquals(last.client().getAddress().getHostAddress() + ":" + last.client().getPort() + " 127.0.0.1:"
                + last.proxyPort(), seen);
    }

    @Test
    void mixedFamiliesAreWrittenAsIpv6() throws Exception {
        InetSocketAddress v4 = new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 5000);
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 25);
        ByteBuf v1 = ProxyProtocolV1Encoder.encode(ByteBufAllocator.DEFAULT, v4, v6);
        assertEquals("PROXY TCP6 ::ffff:192.0.2.1 2001:db8::1 5000 25\r\n", v1.toString(StandardCharsets.US_ASCII));
        v1.release();
        ByteBuf v2 = ProxyProtocolV2Encoder.encode(ByteBufAllocator.DEFAULT, v4, v6);
        assertEquals(16 + 36, v2.readableBytes());
        assertEquals(0x21, v2.getByte(13), "TCP over IPv6");
        assertEquals("00000000000000000000ffffc0000201", ByteBufUtil.hexDump(v2, 16, 16));
        v2.release();
    }

    private record Seen(InetSocketAddress client, int proxyPort) {
    }

    private Seen last;

    private interface HeaderReader {
        String read(InputStream in) throws IOException;
    }

    /**
     * One connection through a proxy that sends {@code version} headers to a container that
     * parses the header with {@code reader}, then echoes: the bytes after the header are the
     * client's, unchanged.
     */
    private String relayThrough(ProxyProtocol version, HeaderReader reader) throws Exception {
        int port = FreePort.tcp();
        CompletableFuture<String> header = new CompletableFuture<>();
        try (ServerSocket container = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
             StreamProxy proxy = new StreamProxy(StreamOptions.defaults().withEventLoopThreads(1), Readiness.ADDRESSED)) {
            Thread.ofVirtual().start(() -> {
                try (Socket s = container.accept()) {
                    InputStream in = s.getInputStream();
                    header.complete(reader.read(in));
                    in.transferTo(s.getOutputStream());
                } catch (Throwable e) {
                    header.completeExceptionally(e);
                }
            });
            // The service's own proxy_protocol (service.yml) turns the header on.
            proxy.apply(StreamConfigs.create().tcp("smtp", port).proxyProtocol("smtp", version)
                    .container("smtp-1-a", "smtp", 1, container.getLocalPort()).build());
            try (Socket client = Clients.connect(port)) {
                last = new Seen((InetSocketAddress) client.getLocalSocketAddress(), port);
                Clients.write(client, "EHLO example.com\n");
                assertEquals("EHLO example.com", Clients.readLine(client.getInputStream()));
            }
            return header.get(10, TimeUnit.SECONDS);
        }
    }
}
