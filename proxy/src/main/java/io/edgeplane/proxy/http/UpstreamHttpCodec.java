package io.edgeplane.proxy.http;

import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.HttpMethod;

import java.util.ArrayDeque;
import java.util.Queue;

/**
 * The HTTP/1.1 client codec of an upstream connection: Netty's request encoder out, and in,
 * {@link UpstreamResponseParser}, which reads a response only as far as forwarding needs so that
 * an HTTP/1.1 client can be sent the container's bytes (RFC 9112 framing, HEAD answered without
 * a body).
 */
final class UpstreamHttpCodec extends CombinedChannelDuplexHandler<UpstreamResponseParser, UpstreamRequestEncoder> {

    private final Queue<HttpMethod> methods = new ArrayDeque<>(2);

    UpstreamHttpCodec(int maxHead) {
        init(new UpstreamResponseParser(methods, maxHead), new UpstreamRequestEncoder(methods));
    }

    /** A request went out without the encoder (a head alone, already bytes): its method, for the parser. */
    void requestWrittenAround(HttpMethod method) {
        methods.add(method);
    }
}
