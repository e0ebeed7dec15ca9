package io.edgeplane.proxy.http;

import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.HttpMethod;

import java.util.ArrayDeque;

/** {@link ClientRequestParser} and {@link HeadAwareResponseEncoder} as one pipeline handler. */
final class StrictHttpServerCodec extends CombinedChannelDuplexHandler<ClientRequestParser, HeadAwareResponseEncoder> {

    StrictHttpServerCodec(int maxRequestLine, int maxHeaderSize, long maxBodySize) {
        ArrayDeque<HttpMethod> methods = new ArrayDeque<>(2);
        init(new ClientRequestParser(methods, maxRequestLine, maxHeaderSize, maxBodySize),
                new HeadAwareResponseEncoder(methods));
    }

    /** A response went out as bytes past the encoder: the encoder skips the request it answered. */
    void responseWrittenAround() {
        outboundHandler().skipResponse();
    }
}
