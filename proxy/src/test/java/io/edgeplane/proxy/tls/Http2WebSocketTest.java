package io.edgeplane.proxy.tls;

import io.edgeplane.conf.model.Settings;
import io.edgeplane.proxy.Proxy;
import io.edgeplane.proxy.ProxyOptions;
import io.edgeplane.proxy.support.FreePorts;
import io.edgeplane.proxy.support.SocketContainers;
import io.edgeplane.proxy.support.TestConfig;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * WebSocket over HTTP/2 (RFC 8441): the HTTPS listener advertises SETTINGS_ENABLE_CONNECT_PROTOCOL,
 * turns an extended CONNECT ({@code :protocol websocket}) into an HTTP/1.1 Upgrade to the
 * container, answers the container's 101 with {@code :status 200}, and then relays the stream's
 * DATA frames and the container's bytes both ways until either side ends.
 */
class Http2WebSocketTest {

    static final String HOST = "ws.example.com";
    static final String WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    static final long WAIT_SECONDS = 5;

    @TempDir
    static Path dir;
    static ServerSocket container;
    static final List<Socket> containerSockets = new CopyOnWriteArrayList<>();
    /** Every request head the container read, with what became of its connection. */
    static final BlockingQueue<Upstream> upstreams = new LinkedBlockingQueue<>();
    static Proxy proxy;
    static int port;

    /** One request the container read; {@code eof} completes when it reads end of stream after a 101. */
    record Upstream(String head, CompletableFuture<Void> eof) {
    }

    @BeforeAll
    static void start() throws IOException {
        container = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        SocketContainers.acceptEach(container, Http2WebSocketTest::serve);
        port = FreePorts.one();
        SelfSignedCertificate c = SelfSignedCertificate.generate(List.of(HOST), Duration.ofDays(1));
        Settings.Certificate cert = new Settings.Certificate(Files.writeString(dir.resolve("ws.pem"), c.certificatePem()),
                Files.writeString(dir.resolve("ws.key"), c.keyPem()));
        proxy = new Proxy(ProxyOptions.defaults());
        proxy.apply(TestConfig.create().https("ws", port, HOST).container("ws", container.getLocalPort())
                .tls(new Settings.Tls(List.of(cert))).build());
    }

    @AfterAll
    static void stop() throws IOException {
        if (proxy != null) {
            proxy.close();
        }
        container.close();
        for (Socket s : containerSockets) {
            s.close();
        }
    }

    @BeforeEach
    void forgetEarlierRequests() {
        upstreams.clear();
    }

    // ---------------------------------------------------------------- the container

    /**
     * A keep-alive HTTP/1.1 container: {@code /deny...} is refused with an ordinary 403; any
     * other request is a WebSocket upgrade, answered 101, after which every byte is echoed.
     */
    private static void serve(Socket s) {
        containerSockets.add(s);
        try (s) {
            s.setSoTimeout(30_000);
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (true) {
                String head = SocketContainers.readHead(in);
                if (head == null) {
                    return;
                }
                CompletableFuture<Void> eof = new CompletableFuture<>();
                upstreams.add(new Upstream(head, eof));
                if (requestLine(head).contains(" /deny")) {
                    eof.completeExceptionally(new IllegalStateException("not upgraded"));
                    out.write("HTTP/1.1 403 Forbidden\r\nContent-Length: 2\r\n\r\nno".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    continue;
                }
                String key = String.valueOf(firstHeader(headers(head), "sec-websocket-key"));
                out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: " + accept(key) + "\r\nSec-WebSocket-Protocol: chat\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                byte[] buf = new byte[16 * 1024];
                try {
                    int n;
                    while ((n = in.read(buf)) >= 0) {
                        out.write(buf, 0, n);
                        out.flush();
                    }
                    eof.complete(null);
                } catch (IOException e) {
                    eof.completeExceptionally(e);
                    throw e;
                }
                return;   // the tunnel is over: close
            }
        } catch (IOException e) {
            // the test looks at what was recorded
        }
    }

    static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + WS_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String requestLine(String head) {
        return head.substring(0, head.indexOf("\r\n"));
    }

    /** Header names lower-cased, each with its values in order. */
    static Map<String, List<String>> headers(String head) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        String[] lines = head.split("\r\n");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                h.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).trim());
            }
        }
        return h;
    }

    static String firstHeader(Map<String, List<String>> h, String name) {
        List<String> v = h.get(name);
        return v == null || v.isEmpty() ? null : v.getFirst();
    }

    // ---------------------------------------------------------------- the HTTP/2 client

    sealed interface Event permits Headers, Data, Reset {
    }

    record Headers(Http2Headers headers, boolean endStream) implements Event {
    }

    record Data(byte[] bytes, boolean endStream) implements Event {
    }

    record Reset(long errorCode) implements Event {
    }

    /** One client stream: what arrived on it, in order, and whether it ended. */
    static final class Stream extends ChannelInboundHandlerAdapter {
        final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        final CompletableFuture<String> ended = new CompletableFuture<>();
        Http2StreamChannel channel;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof Http2HeadersFrame h) {
                    events.add(new Headers(h.headers(), h.isEndStream()));
                    if (h.isEndStream()) {
                        ended.complete("END_STREAM on HEADERS");
                    }
                } else if (msg instanceof Http2DataFrame d) {
                    byte[] b = new byte[d.content().readableBytes()];
                    d.content().readBytes(b);
                    events.add(new Data(b, d.isEndStream()));
                    if (d.isEndStream()) {
                        ended.complete("END_STREAM on DATA");
                    }
                } else if (msg instanceof Http2ResetFrame r) {
                    events.add(new Reset(r.errorCode()));
                    ended.complete("RST_STREAM " + r.errorCode());
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            ended.complete("stream closed");
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ended.complete("exception: " + cause);
        }

        void write(Object frame) {
            channel.writeAndFlush(frame);
        }

        /** The next HEADERS frame; fails on anything else or after the wait. */
        Headers headers() throws InterruptedException {
            Event e = events.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            if (e instanceof Headers h) {
                return h;
            }
            return fail("expected HEADERS, got " + (e == null ? "nothing within " + WAIT_SECONDS + " s"
                    + (ended.isDone() ? " (stream ended: " + ended.join() + ")" : "") : e));
        }

        /** Exactly {@code n} bytes from DATA frames, however they are split. */
        byte[] data(int n, long seconds) throws InterruptedException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (b.size() < n) {
                long left = deadline - System.nanoTime();
                Event e = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
                if (e == null) {
                    fail("got " + b.size() + " of " + n + " bytes within " + seconds + " s"
                            + (ended.isDone() ? " (stream ended: " + ended.join() + ")" : ""));
                }
                if (!(e instanceof Data d)) {
                    return fail("expected DATA, got " + e + " after " + b.size() + " of " + n + " bytes");
                }
                b.writeBytes(d.bytes());
                assertFalse(d.endStream() && b.size() < n, "END_STREAM after " + b.size() + " of " + n + " bytes");
            }
            assertEquals(n, b.size(), "no more than was sent");
            return b.toByteArray();
        }

        /** Waits for the stream to end; returns the DATA received until then. */
        byte[] rest(long seconds) throws Exception {
            try {
                ended.get(seconds, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                fail("the stream did not end within " + seconds + " s; received " + events);
            }
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (Event e; (e = events.poll()) != null; ) {
                if (e instanceof Data d) {
                    b.writeBytes(d.bytes());
                }
            }
            return b.toByteArray();
        }
    }

    @ChannelHandler.Sharable
    static final class Ignore extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }
    }

    /** An h2 connection to the proxy, trusting any certificate, with the server's first SETTINGS captured. */
    static final class H2Client implements AutoCloseable {
        final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        final CompletableFuture<Http2Settings> serverSettings = new CompletableFuture<>();
        final List<Http2StreamChannel> streams = new CopyOnWriteArrayList<>();
        final Channel channel;

        H2Client() throws Exception {
            try {
                SslContext ssl = SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE)
                        .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                                ApplicationProtocolNames.HTTP_2))
                        .build();
                channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
                        .handler(new ChannelInitializer<SocketChannel>() {
                            @Override
                            protected void initChannel(SocketChannel ch) {
                                ch.pipeline().addLast(ssl.newHandler(ch.alloc(), HOST, port))
                                        .addLast(Http2FrameCodecBuilder.forClient().build())
                                        .addLast(new ChannelInboundHandlerAdapter() {
                                            @Override
                                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                                if (msg instanceof Http2SettingsFrame f) {
                                                    serverSettings.complete(f.settings());
                                                }
                                                ctx.fireChannelRead(msg);
                                            }
                                        })
                                        .addLast(new Http2MultiplexHandler(new Ignore()));
                            }
                        })
                        .connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)).sync().channel();
                SslHandler tls = channel.pipeline().get(SslHandler.class);
                assertTrue(tls.handshakeFuture().await(WAIT_SECONDS, TimeUnit.SECONDS), "TLS handshake");
                assertTrue(tls.handshakeFuture().isSuccess(), () -> "TLS handshake: " + tls.handshakeFuture().cause());
                assertEquals(ApplicationProtocolNames.HTTP_2, tls.applicationProtocol(), "ALPN chose h2");
            } catch (Throwable t) {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
                throw t;
            }
        }

        Http2Settings settings() throws Exception {
            return serverSettings.get(WAIT_SECONDS, TimeUnit.SECONDS);
        }

        /** Opens a stream (after the server's SETTINGS, so :protocol is known to be allowed) and sends HEADERS. */
        Stream open(Http2Headers headers) throws Exception {
            settings();
            Stream s = new Stream();
            s.channel = new Http2StreamChannelBootstrap(channel).handler(s).open().get(WAIT_SECONDS, TimeUnit.SECONDS);
            streams.add(s.channel);
            var written = s.channel.writeAndFlush(new DefaultHttp2HeadersFrame(headers, false));
            assertTrue(written.await(WAIT_SECONDS, TimeUnit.SECONDS), "HEADERS written");
            assertTrue(written.isSuccess(), () -> "HEADERS written: " + written.cause());
            return s;
        }

        @Override
        public void close() {
            for (Http2StreamChannel s : streams) {
                s.close();
            }
            channel.close().awaitUninterruptibly(WAIT_SECONDS, TimeUnit.SECONDS);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    static Http2Headers extendedConnect(String path) {
        Http2Headers h = new DefaultHttp2Headers()
                .method("CONNECT")
                .scheme("https")
                .path(path)
                .authority(HOST);
        h.set(Http2Headers.PseudoHeaderName.PROTOCOL.value(), "websocket");
        h.set("sec-websocket-version", "13");
        h.set("sec-websocket-protocol", "chat");
        h.set("origin", "https://" + HOST);
        return h;
    }

    static Upstream nextUpstream() throws InterruptedException {
        Upstream u = upstreams.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(u, "the container received no request within " + WAIT_SECONDS + " s");
        return u;
    }

    /** Opens a WebSocket stream and checks the upgrade both ways; returns the stream and the container's side. */
    static Stream upgraded(H2Client client, Upstream[] seen) throws Exception {
        Stream s = client.open(extendedConnect("/chat?room=1"));
        Upstream u = nextUpstream();
        seen[0] = u;
        checkUpgradeRequest(u.head());

        Headers response = s.headers();
        Http2Headers h = response.headers();
        assertEquals("200", String.valueOf(h.status()), "101 becomes :status 200: " + h);
        assertEquals("chat", String.valueOf(h.get("sec-websocket-protocol")), "subprotocol passed on: " + h);
        assertFalse(response.endStream(), "the stream stays open: " + h);
        assertNull(h.get("sec-websocket-accept"), "no Sec-WebSocket-Accept on h2: " + h);
        assertNull(h.get("upgrade"), "no Upgrade on h2: " + h);
        assertNull(h.get("connection"), "no Connection on h2: " + h);
        return s;
    }

    static void checkUpgradeRequest(String head) {
        assertEquals("GET /chat?room=1 HTTP/1.1", requestLine(head), head);
        Map<String, List<String>> h = headers(head);
        assertEquals(List.of(HOST), h.get("host"), head);
        String connection = String.valueOf(firstHeader(h, "connection"));
        assertTrue(h.getOrDefault("connection", List.of()).stream()
                        .flatMap(v -> java.util.Arrays.stream(v.split(",")))
                        .anyMatch(t -> t.trim().equalsIgnoreCase("upgrade")),
                "Connection: upgrade, got " + connection + " in\n" + head);
        assertEquals("websocket", String.valueOf(firstHeader(h, "upgrade")).toLowerCase(Locale.ROOT), head);
        assertEquals(List.of("13"), h.get("sec-websocket-version"), head);
        assertEquals(List.of("chat"), h.get("sec-websocket-protocol"), head);
        assertEquals("https://" + HOST, firstHeader(h, "origin"), head);
        String key = firstHeader(h, "sec-websocket-key");
        assertNotNull(key, "Sec-WebSocket-Key: " + head);
        assertEquals(24, key.length(), "Sec-WebSocket-Key is base64 of 16 bytes: " + key);
        assertEquals(16, Base64.getDecoder().decode(key).length, "Sec-WebSocket-Key is base64 of 16 bytes: " + key);
        assertNotNull(firstHeader(h, "x-forwarded-for"), head);
        assertEquals("https", firstHeader(h, "x-forwarded-proto"), head);
        assertNull(h.get("content-length"), "no Content-Length on an upgrade: " + head);
        assertNull(h.get("transfer-encoding"), "no Transfer-Encoding on an upgrade: " + head);
        assertTrue(h.keySet().stream().noneMatch(n -> n.startsWith("x-http2-")), "no x-http2-* headers: " + head);
    }

    // ---------------------------------------------------------------- the tests

    @Test
    void settingsAdvertiseExtendedConnect() throws Exception {
        try (H2Client client = new H2Client()) {
            Http2Settings settings = client.settings();
            assertEquals(Boolean.TRUE, settings.connectProtocolEnabled(),
                    "SETTINGS_ENABLE_CONNECT_PROTOCOL = 1 in " + settings);
        }
    }

    @Test
    void extendedConnectBecomesAnHttp11Upgrade() throws Exception {
        try (H2Client client = new H2Client()) {
            upgraded(client, new Upstream[1]);
        }
    }

    @Test
    void bytesAreRelayedBothWaysInOrder() throws Exception {
        try (H2Client client = new H2Client()) {
            Stream s = upgraded(client, new Upstream[1]);

            s.write(new DefaultHttp2DataFrame(Unpooled.copiedBuffer("hello", StandardCharsets.US_ASCII), false));
            assertEquals("hello", new String(s.data(5, WAIT_SECONDS), StandardCharsets.US_ASCII));

            // More than the initial 64 KiB windows both ways: credit must flow back as bytes are relayed.
            byte[] big = new byte[200 * 1024];
            new Random(8441).nextBytes(big);
            int frame = 8 * 1024;
            for (int at = 0; at < big.length; at += frame) {
                ByteBuf chunk = Unpooled.wrappedBuffer(big, at, Math.min(frame, big.length - at));
                s.channel.write(new DefaultHttp2DataFrame(chunk, false));
            }
            s.channel.flush();
            assertArrayEquals(big, s.data(big.length, 15), "200 KiB echoed whole and in order");
        }
    }

    @Test
    void endStreamEndsTheContainerConnectionAndThenTheStream() throws Exception {
        try (H2Client client = new H2Client()) {
            Upstream[] seen = new Upstream[1];
            Stream s = upgraded(client, seen);
            s.write(new DefaultHttp2DataFrame(Unpooled.copiedBuffer("bye", StandardCharsets.US_ASCII), false));
            assertEquals("bye", new String(s.data(3, WAIT_SECONDS), StandardCharsets.US_ASCII));

            s.write(new DefaultHttp2DataFrame(Unpooled.EMPTY_BUFFER, true));
            try {
                seen[0].eof().get(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                fail("the container read no end of stream within " + WAIT_SECONDS + " s of the client's END_STREAM");
            } catch (java.util.concurrent.ExecutionException e) {
                fail("the container's read failed instead of ending: " + e.getCause());
            }
            assertEquals(0, s.rest(WAIT_SECONDS).length, "nothing more after the echo");
        }
    }

    @Test
    void refusedUpgradeIsAnOrdinaryResponse() throws Exception {
        try (H2Client client = new H2Client()) {
            Stream s = client.open(extendedConnect("/deny"));
            Upstream u = nextUpstream();
            assertTrue(requestLine(u.head()).startsWith("GET /deny "), u.head());

            Headers response = s.headers();
            assertEquals("403", String.valueOf(response.headers().status()), "the container's status: " + response.headers());
            byte[] body = response.endStream() ? new byte[0] : s.rest(WAIT_SECONDS);
            assertEquals("no", new String(body, StandardCharsets.US_ASCII), "the container's body");
            assertTrue(s.ended.isDone(), "the stream ended");
        }
    }

    @Test
    void plainConnectIsStillRefused() throws Exception {
        try (H2Client client = new H2Client()) {
            Http2Headers connect = new DefaultHttp2Headers().method("CONNECT").authority(HOST + ":443");
            Stream s = client.open(connect);
            Headers response = s.headers();
            assertEquals("405", String.valueOf(response.headers().status()), "not a forward proxy: " + response.headers());
            assertNull(upstreams.poll(200, TimeUnit.MILLISECONDS), "nothing forwarded");
        }
    }
}
