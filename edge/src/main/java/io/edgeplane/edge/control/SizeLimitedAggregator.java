package io.edgeplane.edge.control;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Collects a request body up to the API's limit. Past it, the answer is a 413 with a JSON body
 * like every other error, and the connection is closed: the rest of the body is not read.
 */
final class SizeLimitedAggregator extends HttpObjectAggregator {

    private final int max;

    SizeLimitedAggregator(int max) {
        super(max);
        this.max = max;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        ApiResponse error = ApiResponse.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                "request body larger than " + max + " bytes");
        DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, error.status(),
                Unpooled.wrappedBuffer(error.body()));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, error.contentType())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, error.body().length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
