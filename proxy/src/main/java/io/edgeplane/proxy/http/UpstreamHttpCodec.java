package io.edgeplane.proxy.http;

import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMethod;

import java.util.ArrayDeque;
import java.util.Queue;

/**
 * The HTTP/1.1 client codec of an upstream connection: what Netty's HttpClientCodec does for
 * the proxy (requests out, responses in, HEAD answered without a body), with a response
 * decoder that allocates less per response.
 */
final class UpstreamHttpCodec extends CombinedChannelDuplexHandler<UpstreamResponseDecoder, UpstreamRequestEncoder> {

    UpstreamHttpCodec(HttpDecoderConfig config) {
        Queue<HttpMethod> methods = new ArrayDeque<>(2);
        init(new UpstreamResponseDecoder(config, methods), new UpstreamRequestEncoder(methods));
    }
}
