package io.edgeplane.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A browser's GET on its way to a container, as the proxy handles it: read off the client
 * connection and made into the head the container gets (hop-by-hop headers out, X-Forwarded-*
 * in). {@code bytes} is the proxy's path (ClientRequestParser, then the head's lines copied as
 * bytes with the forwarded lines encoded once per connection); {@code nettyObjects} is the one it
 * replaced, with the same library: Netty's strict request decoder into header objects,
 * hop-by-hop headers removed, X-Forwarded-* set, Netty's request encoder. Both on
 * EmbeddedChannels, so the channel overhead is the same on each side.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RequestPathBenchmark {

    private static final String REQUEST = "GET /assets/app.js?v=42 HTTP/1.1\r\n"
            + "Host: shop.example.com\r\n"
            + "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0\r\n"
            + "Accept: */*\r\n"
            + "Accept-Language: en-GB,en;q=0.5\r\n"
            + "Accept-Encoding: gzip, deflate, br, zstd\r\n"
            + "Referer: https://shop.example.com/\r\n"
            + "Connection: keep-alive\r\n"
            + "Cookie: session=6f1c2e9a4b7d; theme=dark\r\n"
            + "\r\n";

    private ByteBuf wire;
    private final ArrayDeque<HttpMethod> methods = new ArrayDeque<>();
    private final ForwardedLines client = ForwardedLines.of("203.0.113.7", "http");
    private EmbeddedChannel parser;
    private EmbeddedChannel decoder;
    private EmbeddedChannel encoder;
    private long bytesOut;

    @Setup
    public void setUp() {
        wire = Unpooled.directBuffer().writeBytes(REQUEST.getBytes(StandardCharsets.US_ASCII));
        parser = new EmbeddedChannel(new ClientRequestParser(methods, 8192, 32768, 0), new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof ClientRequestHead head) {
                    ByteBuf out = head.forUpstream(ByteBufAllocator.DEFAULT, client, "10.0.0.1:3000");
                    bytesOut += out.readableBytes();
                    out.release();
                }
                ReferenceCountUtil.release(msg);
            }
        });
        encoder = new EmbeddedChannel(new HttpRequestEncoder());
        HttpDecoderConfig strict = new HttpDecoderConfig().setMaxInitialLineLength(8192).setMaxHeaderSize(32768)
                .setStrictLineParsing(true).setUseRfc9112TransferEncoding(true)
                .setAllowDuplicateContentLengths(false).setValidateHeaders(true);
        decoder = new EmbeddedChannel(new HttpRequestDecoder(strict), new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof HttpRequest request) {
                    String host = request.headers().get(HttpHeaderNames.HOST);
                    HopByHopHeaders.strip(request.headers());
                    ForwardedHeaders.apply(request.headers(), "203.0.113.7", "http", host);
                    request.setProtocolVersion(HttpVersion.HTTP_1_1);
                }
                encoder.writeOutbound(msg);
                ByteBuf out;
                while ((out = encoder.readOutbound()) != null) {
                    bytesOut += out.readableBytes();
                    out.release();
                }
            }
        });
    }

    @Benchmark
    public long bytes() {
        parser.writeInbound(wire.retainedDuplicate());
        methods.clear();
        return bytesOut;
    }

    @Benchmark
    public long nettyObjects() {
        decoder.writeInbound(wire.retainedDuplicate());
        return bytesOut;
    }

    @TearDown
    public void tearDown() {
        parser.finishAndReleaseAll();
        decoder.finishAndReleaseAll();
        encoder.finishAndReleaseAll();
        ReferenceCountUtil.release(wire);
    }
}
