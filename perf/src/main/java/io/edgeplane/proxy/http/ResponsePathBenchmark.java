package io.edgeplane.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
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
 * A container's response on its way to an HTTP/1.1 client, as the proxy handles it: the head
 * nginx sends for a static file and a 100-byte body, read off the upstream connection and made
 * into the bytes for the client. {@code bytes} is the proxy's path (UpstreamResponseParser,
 * then the head's lines minus the hop-by-hop ones copied as bytes, the body passed on); {@code
 * nettyObjects} is the one it replaced, with the same library: Netty's response decoder into
 * header objects, hop-by-hop headers removed, Netty's response encoder. Both on EmbeddedChannels,
 * so the channel overhead is the same on each side. (In this package: the parser is internal.)
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ResponsePathBenchmark {

    private static final String RESPONSE = "HTTP/1.1 200 OK\r\n"
            + "Server: nginx/1.22.1\r\n"
            + "Date: Thu, 26 Nov 2026 16:00:00 GMT\r\n"
            + "Content-Type: application/octet-stream\r\n"
            + "Content-Length: 100\r\n"
            + "Last-Modified: Thu, 26 Nov 2026 15:00:00 GMT\r\n"
            + "Connection: keep-alive\r\n"
            + "ETag: \"6765f1a0-64\"\r\n"
            + "Accept-Ranges: bytes\r\n"
            + "\r\n"
            + "a".repeat(100);

    private ByteBuf wire;
    private final ArrayDeque<HttpMethod> methods = new ArrayDeque<>();
    private EmbeddedChannel parser;
    private EmbeddedChannel decoder;
    private EmbeddedChannel encoder;
    private long bytesOut;

    @Setup
    public void setUp() {
        wire = Unpooled.directBuffer().writeBytes(RESPONSE.getBytes(StandardCharsets.US_ASCII));
        parser = new EmbeddedChannel(new UpstreamResponseParser(methods, 64 * 1024), new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof UpstreamResponseHead head) {
                    head.passThrough();
                    ByteBuf out = head.forClient(ByteBufAllocator.DEFAULT, false);
                    bytesOut += out.readableBytes();
                    out.release();
                } else if (msg instanceof ByteBuf body) {
                    bytesOut += body.readableBytes();
                    body.release();
                }
            }
        });
        encoder = new EmbeddedChannel(new HttpResponseEncoder());
        decoder = new EmbeddedChannel(new HttpResponseDecoder(), new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof io.netty.handler.codec.http.HttpResponse response) {
                    HopByHopHeaders.strip(response.headers());
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
        methods.add(HttpMethod.GET);
        parser.writeInbound(wire.retainedDuplicate());
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
