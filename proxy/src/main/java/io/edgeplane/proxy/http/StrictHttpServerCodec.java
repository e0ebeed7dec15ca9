package io.edgeplane.proxy.http;

import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.HttpMethod;

import java.util.ArrayDeque;

/** {@link StrictRequestDecoder} and {@link HeadAwareResponseEncoder} as one pipeline handler. */
final class StrictHttpServerCodec extends CombinedChannelDuplexHandler<StrictRequestDecoder, HeadAwareResponseEncoder> {

    StrictHttpServerCodec(int maxRequestLine, int maxHeaderSize) {
        ArrayDeque<HttpMethod> methods = new ArrayDeque<>(2);
        init(new StrictRequestDecoder(StrictRequestDecoder.config(maxRequestLine, maxHeaderSize), methods),
                new HeadAwareResponseEncoder(methods));
    }

    /** A response went out as bytes past the encoder: the encoder skips the request it answered. */
    void responseWrittenAround() {
        outboundHandler().skipResponse();
    }
}
