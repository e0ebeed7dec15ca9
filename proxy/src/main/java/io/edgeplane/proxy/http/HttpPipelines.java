package io.edgeplane.proxy.http;

import io.edgeplane.proxy.ProxyOptions;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The HTTP handler chains, shared by plain listeners and by TLS listeners once ALPN chose.
 * <pre>
 * HTTP/1.1:  clocks (408, keep-alive) → codec (strict request parser, its refusals included)
 *              → encoder (responses written as objects) → one-message-per-read → frontend
 * HTTP/2:    frame codec → multiplexer → per stream: frames↔HTTP/1 objects
 *              → one-message-per-read → frontend
 * </pre>
 * The same frontend serves both: an HTTP/2 stream is one exchange, and pulling its DATA frames
 * one at a time is what returns HTTP/2 flow-control credit only as fast as the upstream drains.
 */
public final class HttpPipelines {

    static final String CLOCKS = "clocks";
    static final String CODEC = "codec";
    static final String ENCODER = "encoder";
    static final String FLOW = "flow";
    /** What an Upgrade removes, leaving raw bytes to the tunnel. */
    static final List<String> HTTP_HANDLERS = List.of(FLOW, ENCODER, CODEC, CLOCKS);
    /** What a stream's tunnel removes: the frame codec stays, its contents are the bytes. */
    static final List<String> HTTP2_STREAM_HANDLERS = List.of(FLOW);

    private HttpPipelines() {
    }

    public static void addHttp1(ChannelPipeline p, ProxyContext context, int port, boolean tls) {
        ProxyOptions o = context.options();
        // The parser notes each request's method; the encoder needs it to answer HEAD.
        ArrayDeque<HttpMethod> methods = new ArrayDeque<>(2);
        p.addLast(CLOCKS, new RequestHeadTimeoutHandler(o.headerReadTimeout().toNanos(), o.keepAliveTimeout().toNanos()))
                .addLast(CODEC, new ClientRequestParser(methods, o.maxRequestLineLength(), o.maxHeaderSize(),
                        o.maxBodySize()))
                .addLast(ENCODER, new HeadAwareResponseEncoder(methods))
                .addLast(FLOW, new OneMessagePerReadHandler(true))
                .addLast(ProxyFrontendHandler.NAME, new ProxyFrontendHandler(context, port, tls, false));
    }

    public static void addHttp2(ChannelPipeline p, ProxyContext context, int port) {
        ProxyOptions o = context.options();
        Http2Settings settings = Http2Settings.defaultSettings()
                .maxConcurrentStreams(256)
                .maxHeaderListSize(o.maxHeaderSize())
                .connectProtocolEnabled(true);      // WebSocket over HTTP/2 (RFC 8441)
        p.addLast("h2", Http2FrameCodecBuilder.forServer().initialSettings(settings).build())
                .addLast("h2-streams", new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
                    @Override
                    protected void initChannel(Http2StreamChannel ch) {
                        ch.config().setAutoRead(false);
                        ch.pipeline()
                                .addLast(CODEC, new Http2StreamFrameToHttpObjectCodec(true))
                                .addLast(FLOW, new OneMessagePerReadHandler(false))
                                .addLast(ProxyFrontendHandler.NAME, new ProxyFrontendHandler(context, port, true, true));
                    }
                }));
    }
}
