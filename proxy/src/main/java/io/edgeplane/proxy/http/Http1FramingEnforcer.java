package io.edgeplane.proxy.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;

import java.util.List;

/**
 * Turns every request the codec could not frame unambiguously into an error response followed
 * by closing the connection (RFC 9112 §6.3, §11.2: after a framing error nothing later on the
 * connection can be trusted). Netty's decoder, configured strictly, flags Content-Length with
 * Transfer-Encoding, differing or invalid Content-Length, a final coding other than chunked,
 * bad header names, whitespace before the colon, bare CR or LF and broken chunks; {@link
 * StrictRequestDecoder} adds obs-fold; this handler adds a missing or repeated Host on HTTP/1.1
 * (RFC 9112 §3.2) and maps overlong lines and heads to 414 and 431.
 *
 * <p>It sits after the flow-control handler, so it sees a request only when the proxy asks for
 * it: its error goes out after the previous response, never in the middle of it. A request it
 * refuses is never forwarded, so no container ever sees half of a request it rejected.
 */
final class Http1FramingEnforcer extends ChannelInboundHandlerAdapter {

    private static final System.Logger LOG = System.getLogger(Http1FramingEnforcer.class.getName());

    private boolean refused;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof FramingViolation v) {
            refuse(ctx, HttpResponseStatus.BAD_REQUEST, v.reason());
            return;
        }
        if (msg instanceof HttpObject o && o.decoderResult().isFailure()) {
            DecoderResult result = o.decoderResult();
            ReferenceCountUtil.release(msg);
            refuse(ctx, statusFor(o, result.cause()), String.valueOf(result.cause()));
            return;
        }
        if (msg instanceof HttpRequest request && request.protocolVersion().equals(HttpVersion.HTTP_1_1)) {
            List<String> hosts = request.headers().getAll(HttpHeaderNames.HOST);
            if (hosts.size() != 1 || hosts.getFirst().isEmpty() || hosts.getFirst().indexOf(',') >= 0) {
                ReferenceCountUtil.release(msg);
                refuse(ctx, HttpResponseStatus.BAD_REQUEST, "HTTP/1.1 request with " + hosts.size() + " Host headers");
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    private static HttpResponseStatus statusFor(HttpObject o, Throwable cause) {
        if (!(o instanceof HttpRequest)) {
            return HttpResponseStatus.BAD_REQUEST;      // a broken chunk
        }
        if (cause instanceof TooLongHttpLineException) {
            return HttpResponseStatus.REQUEST_URI_TOO_LONG;
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
        }
        return HttpResponseStatus.BAD_REQUEST;
    }

    /**
     * Answers and closes. When the broken part is a body chunk the request head has already
     * gone upstream: the frontend sees the failure and aborts the upstream connection, so the
     * container never receives a complete request; this handler only answers the client.
     */
    private void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, String reason) {
        refused = true;
        LOG.log(System.Logger.Level.DEBUG, "refusing request from {0}: {1}", ctx.channel().remoteAddress(), reason);
        ctx.fireUserEventTriggered(new RequestRefused(status));
    }

    /** Tells the frontend to answer {@code status} and close, aborting any exchange in flight. */
    record RequestRefused(HttpResponseStatus status) {
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
