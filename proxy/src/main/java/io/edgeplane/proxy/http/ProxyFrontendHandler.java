package io.edgeplane.proxy.http;

import io.edgeplane.conf.model.ServerName;

import io.edgeplane.proxy.metrics.ExchangeMeters;
import io.edgeplane.proxy.metrics.ServiceMeters;
import io.edgeplane.proxy.route.PortRoutes;
import io.edgeplane.proxy.route.ServiceRoute;
import io.edgeplane.proxy.tls.TlsAttributes;
import io.edgeplane.proxy.upstream.Upstream;
import io.edgeplane.proxy.upstream.UpstreamPool;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The client half of a proxied connection (HTTP/1.1 connection, or one HTTP/2 stream). It
 * reads in pull mode: the channel does not auto-read and a flow-control handler hands over one
 * decoded message per {@code read()}, so the proxy asks for the next piece of a request body
 * only when the upstream can take it, and for the next request only when the previous response
 * is done. That is the whole of request-side backpressure and of pipelining support. The
 * response side pauses the upstream channel's auto-read while the client cannot keep up.
 *
 * <p>Everything here runs on the client channel's event loop, which is also the loop of the
 * upstream channel (taken from that loop's pool or dialled on it), so no state is shared
 * across threads.
 *
 * <p>Retry rules (nginx {@code proxy_next_upstream error timeout}, non-idempotent safe):
 * a failed connect moves to the next container for any method, since nothing was sent; a
 * pooled connection that turns out closed before any response is retried once on a fresh
 * connection for idempotent methods without a body sent; anything else answers 502.
 */
public final class ProxyFrontendHandler extends ChannelInboundHandlerAdapter {

    private static final System.Logger LOG = System.getLogger(ProxyFrontendHandler.class.getName());
    private static final AsciiString X_HTTP2_PROTOCOL = HttpConversionUtil.ExtensionHeaderNames.PROTOCOL.text();
    private static final AsciiString X_HTTP2_PATH = HttpConversionUtil.ExtensionHeaderNames.PATH.text();

    static final String NAME = "frontend";
    /**
     * Bodies up to this size are copied into the head's buffer: below it the copy costs less
     * than a second buffer's trip through the outbound buffer and the gathering write.
     */
    private static final int COALESCE_MAX = 2048;

    private enum State { IDLE, CONNECTING, FORWARDING, DISCARDING, TUNNEL, CLOSING }

    private final ProxyContext context;
    private final int port;
    private final String scheme;
    private final boolean http2;
    private ChannelHandlerContext ctx;
    private RequestHeadTimeoutHandler clocks;
    /** HTTP/1.1: the response encoder, and its context, through which writes go out past it. */
    private ChannelHandlerContext encoderContext;
    private HeadAwareResponseEncoder encoder;
    private ClientRequestParser parser;
    /** HTTP/1.1: where the next message is asked for (Netty's own reads are not asks there). */
    private OneMessagePerReadHandler flow;
    /** HTTP/2: flushes the connection once for the streams that wrote in this turn of the loop. */
    private ConnectionFlush connectionFlush;
    private String clientIp;
    private ForwardedLines forwardedLines;

    private State state = State.IDLE;
    private boolean started;

    // The exchange in flight (one at a time per channel).
    /** HTTP/1: the request as the client's bytes, forwarded as bytes (head and body). */
    private ClientRequestHead h1Head;
    /** HTTP/2: the stream's request as Netty objects, forwarded through the upstream encoder. */
    private HttpRequest request;
    private HttpContent pending;
    private ServiceRoute route;
    private Upstream upstream;
    private List<Upstream> tried = List.of();
    private Channel upstreamChannel;
    private ProxyBackendHandler backend;
    private boolean reusedConnection;
    private boolean retriedStale;
    private boolean expectsBody;
    private boolean requestComplete;
    private boolean bodySent;
    private boolean responseStarted;
    private boolean responseComplete;
    /** The response goes to the client as the container's bytes, past the HTTP encoder. */
    private boolean passThrough;
    private boolean clientKeepAlive;
    private boolean http10Client;
    private boolean closeAfterResponse;
    private boolean upgradeRequested;
    private boolean idempotent;
    private boolean upstreamKeepAlive;
    private boolean readWhenWritable;
    /** Response bytes written to the client but not flushed yet (flushed at upstream read-complete). */
    private boolean unflushed;
    /**
     * A pass-through response's head, held until its first body bytes (copied in when small) or
     * the flush: a small response leaves as one buffer, one write, instead of a head and a slice.
     */
    private ByteBuf heldHead;
    private boolean headRequest;
    private long bodyBytes;
    private boolean awaitingBody;
    private long lastClientProgress;
    private ScheduledFuture<?> clientClock;
    private boolean clientClockArmed;

    private long connectNanos;
    private final ExchangeLog log = new ExchangeLog();
    // The meters of the service this connection's last exchange went to: a keep-alive
    // connection mostly talks to one service, so the map lookup happens once, not per request.
    private ExchangeMeters metersSource;
    private String metersService;
    private ServiceMeters serviceMeters = ServiceMeters.NONE;
    // The last Host of this connection as sent and normalised (a keep-alive client repeats it).
    private String rawHost;
    private String normalHost;
    // The TLS server name of the connection, normalised, and the route it picks (421 check).
    private boolean sniKnown;
    private String sni;
    private PortRoutes sniPorts;
    private ServiceRoute sniRouteOfPorts;

    public ProxyFrontendHandler(ProxyContext context, int port, boolean tls, boolean http2) {
        this.context = context;
        this.port = port;
        this.scheme = tls ? "https" : "http";
        this.http2 = http2;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (!http2) {
            this.encoderContext = ctx.pipeline().context(HttpPipelines.ENCODER);
            this.encoder = (HeadAwareResponseEncoder) encoderContext.handler();
            this.parser = (ClientRequestParser) ctx.pipeline().get(HttpPipelines.CODEC);
            this.flow = (OneMessagePerReadHandler) ctx.pipeline().get(HttpPipelines.FLOW);
        } else if (ctx.channel().parent() != null) {
            this.connectionFlush = ConnectionFlush.of(ctx.channel().parent());
        }
        this.clocks = ctx.pipeline().get(RequestHeadTimeoutHandler.class);
        if (ctx.channel().isActive()) {
            // Added after the connection opened (TLS: once ALPN chose; HTTP/2: a new stream).
            start();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        start();
        super.channelActive(ctx);
    }

    private void start() {
        if (!started) {
            started = true;
            readNext();
        }
    }

    // ---------------------------------------------------------------- client side

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if ((msg instanceof ClientRequestHead || msg instanceof HttpRequest) && state != State.IDLE) {
            // Cannot happen in pull mode; if it does, the connection is out of step.
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        switch (msg) {
            case ClientRequestHead head -> onRequestHead(head);
            case ByteBuf raw -> onRequestBody(raw, raw.readableBytes(), false);
            case ClientRequestEnd end -> onRequestBody(end, 0, true);
            case HttpRequest head -> onRequestHead(head);
            case HttpContent content -> onRequestBody(content, content.content().readableBytes(),
                    content instanceof LastHttpContent);
            case FramingViolation refused -> {
                LOG.log(System.Logger.Level.DEBUG, "refusing request from {0}: {1}", clientIp(), refused.reason());
                onRefused(refused.status());
            }
            default -> {
                ReferenceCountUtil.release(msg);
                readNext();
            }
        }
    }

    /** An HTTP/1 request head, from {@link ClientRequestParser}: already checked for framing. */
    private void onRequestHead(ClientRequestHead head) {
        beginExchange();
        closeAfterResponse = context.stopping().getAsBoolean();
        if (clocks != null) {
            clocks.headReceived();
        }
        log.request(head, context.accessLog());
        HttpMethod method = head.method();
        headRequest = HttpMethod.HEAD.equals(method);
        http10Client = head.http10();
        clientKeepAlive = head.keepAlive();
        idempotent = isIdempotent(method);
        expectsBody = head.hasBody();
        requestComplete = !expectsBody;
        if (HttpMethod.CONNECT.equals(method)) {
            reject(HttpResponseStatus.METHOD_NOT_ALLOWED);   // a reverse proxy, not a forward one
            return;
        }
        if (!head.originFormOrAsterisk() && !head.toOriginForm()) {
            reject(HttpResponseStatus.BAD_REQUEST);
            return;
        }
        if (!routed(head.host(), head.contentLength())) {
            return;
        }
        upgradeRequested = head.upgrade();
        h1Head = head;
        connectNext(log.startNanos);
    }

    /** An HTTP/2 stream's request, from Netty's frame-to-object codec. */
    private void onRequestHead(HttpRequest msg) {
        beginExchange();
        closeAfterResponse = context.stopping().getAsBoolean();
        if (clocks != null) {
            clocks.headReceived();
        }
        HttpRequest head = msg;
        if (msg instanceof FullHttpRequest full) {
            // HTTP/2 HEADERS with END_STREAM: split so head and body take the same path as HTTP/1.
            head = new DefaultHttpRequest(full.protocolVersion(), full.method(), full.uri(), full.headers());
            pending = new DefaultLastHttpContent(full.content(), full.trailingHeaders());
            requestComplete = true;
        }
        HttpHeaders headers = head.headers();
        log.request(head, context.accessLog());
        headRequest = HttpMethod.HEAD.equals(head.method());
        idempotent = isIdempotent(head.method());
        long length = HttpUtil.getContentLength(head, -1L);
        // Without END_STREAM on its HEADERS a stream has a body, of a length declared or not.
        expectsBody = pending != null ? pending.content().isReadable() : length != 0;

        String protocol = headers.get(X_HTTP2_PROTOCOL);
        if (HttpMethod.CONNECT.equals(head.method()) && protocol != null && pending == null) {
            // Extended CONNECT (RFC 8441): the stream asks to become a WebSocket (or another
            // protocol's) tunnel. The container gets the HTTP/1.1 Upgrade request for it; the
            // stream's DATA is the tunnel's, read only once the container switched.
            String path = headers.get(X_HTTP2_PATH);
            if (path == null || !path.startsWith("/")) {
                reject(HttpResponseStatus.BAD_REQUEST);
                return;
            }
            head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path, headers);
            expectsBody = false;
            requestComplete = true;
            upgradeRequested = true;
        } else if (HttpMethod.CONNECT.equals(head.method())) {
            reject(HttpResponseStatus.METHOD_NOT_ALLOWED);   // a reverse proxy, not a forward one
            return;
        }
        if (!head.uri().startsWith("/") && !"*".equals(head.uri()) && !AbsoluteForm.toOriginForm(head)) {
            reject(HttpResponseStatus.BAD_REQUEST);
            return;
        }
        String hostHeader = headers.get(HttpHeaderNames.HOST);
        if (!routed(hostHeader, pending != null ? Math.max(length, pending.content().readableBytes()) : length)) {
            return;
        }

        HopByHopHeaders.strip(headers);
        Http2ExtensionHeaders.strip(headers);
        if (expectsBody && length < 0) {
            headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        if (upgradeRequested) {
            WebSocketOverHttp2.toUpgradeRequest(headers, protocol);
        }
        ForwardedHeaders.apply(headers, clientIp(), scheme, hostHeader);
        head.setProtocolVersion(HttpVersion.HTTP_1_1);
        request = head;
        connectNext(log.startNanos);
    }

    /**
     * Picks the route for {@code hostHeader} (or the TLS server name) and checks what can be
     * refused before a container is chosen; false when the request was answered.
     */
    private boolean routed(String hostHeader, long length) {
        String host = hostHeader != null ? hostHeader : sniHost();
        if (host != rawHost || normalHost == null) {
            // Identity suffices: the parser hands out one String per connection for a repeated Host.
            rawHost = host;
            normalHost = ServerName.normalise(host);
        }
        PortRoutes ports = context.routes().get().port(port);
        route = ports == null ? null : ports.route(normalHost);
        if (route == null) {
            reject(HttpResponseStatus.NOT_FOUND);
            return false;
        }
        if (hostHeader != null && sniRoute(ports) != route) {
            // The client reuses a connection opened for another name (HTTP/2 coalescing, or
            // a Host that does not match the SNI): that host is not served on this one.
            route = null;
            reject(HttpResponseStatus.MISDIRECTED_REQUEST);
            return false;
        }
        long max = context.options().maxBodySize();
        if (max > 0 && length > max) {
            reject(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE);
            return false;
        }
        if (route.upstreams().upstreams().isEmpty()) {
            reject(HttpResponseStatus.SERVICE_UNAVAILABLE);
            return false;
        }
        return true;
    }

    /**
     * A piece of request body: HTTP/1's bytes as the client framed them (then its end marker),
     * or an HTTP/2 stream's content. {@code n} counts what the piece holds.
     */
    private void onRequestBody(Object part, int n, boolean last) {
        if (state == State.DISCARDING) {
            ReferenceCountUtil.release(part);
            if (last) {
                requestComplete = true;
                endExchange();
            } else {
                readNext();
            }
            return;
        }
        if (state != State.FORWARDING || upstreamChannel == null) {
            // Body of a request whose exchange already ended (aborted): drop it.
            ReferenceCountUtil.release(part);
            return;
        }
        awaitingBody = false;
        if (!last) {
            // Only a body still to come is waited on (a stalled send has its own baseline).
            lastClientProgress = System.nanoTime();
        }
        // HTTP/1 bodies are held to the limit by the parser, which counts chunk data alone.
        bodyBytes += n;
        long max = http2 ? context.options().maxBodySize() : 0;
        if (max > 0 && bodyBytes > max) {
            ReferenceCountUtil.release(part);
            releaseUpstream(false);
            if (!responseStarted) {
                respond(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, true);
            } else {
                closeClient();
            }
            return;
        }
        if (n > 0) {
            bodySent = true;
        }
        // Void promises here and below: a failed write reaches the upstream pipeline's
        // exceptionCaught, which closes the connection (what CLOSE_ON_FAILURE did), without a
        // promise and a listener per message.
        if (part instanceof ByteBuf raw) {
            backend.writeAroundEncoder(raw);
            upstreamChannel.flush();
        } else if (part instanceof HttpContent content) {
            upstreamChannel.writeAndFlush(content, upstreamChannel.voidPromise());
        }
        if (last) {
            requestComplete = true;
            if (backend != null && !responseComplete) {
                backend.armReadTimeout(System.nanoTime());
            }
        } else {
            readBody();
        }
    }

    private void readBody() {
        if (upstreamChannel != null && upstreamChannel.isWritable()) {
            awaitingBody = true;
            armClientClock();
            readNext();
        } else {
            readWhenWritable = true;
        }
    }

    /**
     * nginx's client_body_timeout and send_timeout in one clock: while the exchange waits on the
     * client (for body bytes it asked for, or for the client to take response bytes), the client
     * must make progress within the client idle timeout or it is cut off, so a stalled client
     * cannot hold an upstream connection. One timer per exchange, re-checked lazily.
     */
    private void armClientClock() {
        long timeout = context.options().clientIdleTimeout().toNanos();
        if (!clientClockArmed && timeout > 0) {
            clientClockArmed = true;
            lastClientProgress = System.nanoTime();
            if (clientClock == null) {
                clientClock = ctx.executor().schedule(this::checkClientClock, timeout, TimeUnit.NANOSECONDS);
            }
        }
    }

    private void checkClientClock() {
        clientClock = null;
        if (!clientClockArmed || state != State.FORWARDING) {
            clientClockArmed = false;
            return;
        }
        boolean stalledBody = awaitingBody && !requestComplete;
        boolean stalledSend = !ctx.channel().isWritable();
        if (!stalledBody && !stalledSend) {
            clientClockArmed = false;
            return;
        }
        long timeout = context.options().clientIdleTimeout().toNanos();
        long idle = System.nanoTime() - lastClientProgress;
        if (idle < timeout) {
            clientClock = ctx.executor().schedule(this::checkClientClock, timeout - idle, TimeUnit.NANOSECONDS);
            return;
        }
        LOG.log(System.Logger.Level.DEBUG, "client {0} stalled for {1} ms: cut off", clientIp(), idle / 1_000_000);
        releaseUpstream(false);
        if (stalledBody && !responseStarted) {
            respond(HttpResponseStatus.REQUEST_TIMEOUT, true);
        } else {
            closeClient();
        }
    }

    /**
     * Disarms the clock without cancelling its timer: a timer still pending is re-used by the
     * next exchange that arms it (it re-checks when it runs), so a keep-alive connection does
     * not schedule and cancel one per request.
     */
    private void stopClientClock() {
        clientClockArmed = false;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        lastClientProgress = System.nanoTime();
        if (ctx.channel().isWritable() && upstreamChannel != null) {
            upstreamChannel.config().setAutoRead(true);
        } else if (!ctx.channel().isWritable() && state == State.FORWARDING) {
            armClientClock();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == GracefulStop.INSTANCE) {
            onGracefulStop();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    /**
     * The proxy is stopping: between exchanges the connection closes now; during one, the
     * response goes out with {@code Connection: close} (or, if its head already went, the
     * connection closes once it ends).
     */
    private void onGracefulStop() {
        if (state == State.IDLE) {
            state = State.CLOSING;
            ctx.close();
        } else {
            closeAfterResponse = true;
        }
    }

    /** The codec could not frame a request (or its body): never forward it; answer and close. */
    private void onRefused(HttpResponseStatus refusal) {
        releaseUpstream(false);
        if (state == State.IDLE) {
            beginExchange();
        }
        if (!responseStarted) {
            respond(refusal, true);
        } else {
            closeClient();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (state == State.CONNECTING || state == State.FORWARDING) {
            if (!responseComplete) {
                log.status = responseStarted ? log.status : 499;   // nginx: client closed the request
                logExchange();
            }
            releaseUpstream(false);
        }
        state = State.CLOSING;
        dropHeldHead();
        stopClientClock();
        if (clientClock != null) {
            clientClock.cancel(false);
            clientClock = null;
        }
        if (pending != null) {
            pending.release();
            pending = null;
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(System.Logger.Level.DEBUG, "client connection {0} failed: {1}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    // ---------------------------------------------------------------- upstream selection

    private void connectNext() {
        connectNext(System.nanoTime());
    }

    private void connectNext(long now) {
        upstream = route.upstreams().next(tried, now);
        if (upstream == null) {
            respond(HttpResponseStatus.BAD_GATEWAY, !requestComplete);
            return;
        }
        state = State.CONNECTING;
        connectNanos = now;
        UpstreamPool pool = context.pools().of(ctx.channel().eventLoop());
        Channel pooled = retriedStale ? null : pool.acquire(upstream.address());
        if (pooled != null) {
            reusedConnection = true;
            attach(pooled);
            return;
        }
        reusedConnection = false;
        Upstream target = upstream;
        pool.connect(target.address()).addListener((ChannelFuture f) -> connected(f, target));
    }

    private void connected(ChannelFuture f, Upstream target) {
        if (state != State.CONNECTING || upstream != target || !ctx.channel().isActive()) {
            if (f.isSuccess()) {
                f.channel().close();
            }
            return;
        }
        if (!f.isSuccess()) {
            LOG.log(System.Logger.Level.DEBUG, "connect to {0} failed: {1}", target.addressText(), f.cause().toString());
            target.health().failed(System.nanoTime());
            tried = append(tried, target);
            connectNext();
            return;
        }
        attach(f.channel());
    }

    private void attach(Channel ch) {
        upstreamChannel = ch;
        // Counted from here until it goes back to the pool or closes: what draining waits for.
        context.connections().begin(ch, upstream.containerId());
        backend = ch.pipeline().get(ProxyBackendHandler.class);
        backend.attach(this);
        state = State.FORWARDING;
        if (h1Head != null) {
            if (forwardedLines == null) {
                forwardedLines = ForwardedLines.of(clientIp(), scheme);
            }
            backend.writeAroundEncoder(h1Head.forUpstream(ch.alloc(), forwardedLines, upstream.addressText()),
                    h1Head.method());
        } else {
            ch.write(request, ch.voidPromise());
            if (pending != null) {
                HttpContent body = pending;
                pending = null;
                bodySent = body.content().isReadable();
                ch.write(body, ch.voidPromise());
            } else if (requestComplete) {
                // A retry of a request whose (empty) body was already read.
                ch.write(LastHttpContent.EMPTY_LAST_CONTENT, ch.voidPromise());
            }
        }
        ch.flush();
        if (requestComplete) {
            // A pooled connection is attached in the same turn the request was read: its clock
            // read serves; a new one may have taken a while to connect.
            backend.armReadTimeout(reusedConnection ? connectNanos : System.nanoTime());
        } else {
            readBody();
        }
    }

    // ---------------------------------------------------------------- upstream side

    void upstreamRead(Object msg) {
        if (state != State.FORWARDING) {
            ReferenceCountUtil.release(msg);
            return;
        }
        switch (msg) {
            case ByteBuf body -> onResponseBody(body);
            case UpstreamResponseHead head -> onResponseHead(head);
            case UpstreamResponseEnd end -> onResponseEnd(end);
            case UpstreamResponseFailure failure -> onResponseFailure(failure);
            default -> ReferenceCountUtil.release(msg);
        }
    }

    private void onResponseHead(UpstreamResponseHead head) {
        int code = head.status();
        if (code == 101) {
            if (upgradeRequested) {
                switchToTunnel(head.toHttpResponse());
            } else {
                releaseUpstream(false);
                respond(HttpResponseStatus.BAD_GATEWAY, true);
            }
            return;
        }
        if (code >= 100 && code < 200) {
            // 100 Continue, 103 Early Hints: passed on to HTTP/1.1 clients, dropped for 1.0.
            if (!http10Client && !http2) {
                HttpResponse interim = head.toHttpResponse();
                HopByHopHeaders.strip(interim.headers());
                // Whole (head and empty end) so the encoder closes it before the final response.
                ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, interim.status(),
                        Unpooled.EMPTY_BUFFER, interim.headers(), EmptyHttpHeaders.INSTANCE));
            }
            return;
        }
        upstream.health().succeeded();
        responseStarted = true;
        log.status = code;
        upstreamKeepAlive = head.keepAlive();
        // An answer before the whole request: the client connection cannot be trusted afterwards.
        // So is one that asked for an Upgrade and was refused: the parser stopped after it.
        boolean mustClose = closeAfterResponse || !requestComplete || upgradeRequested;
        if (!http2 && !http10Client && (head.chunked() || head.contentLength() >= 0 || headRequest
                || code == 204 || code == 304)) {
            // An HTTP/1.1 client and a body the container framed: head and body go on as bytes.
            head.passThrough();
            passThrough = true;
            closeAfterResponse = mustClose;
            encoder.skipResponse();
            // Room for a small declared body (a chunked one declares none), unless none follows.
            long length = headRequest || code == 204 || code == 304 ? 0 : head.contentLength();
            int room = length > 0 && length <= COALESCE_MAX ? (int) length : 0;
            heldHead = head.forClient(ctx.alloc(), mustClose || !clientKeepAlive, room);
        } else {
            HttpResponse response = head.toHttpResponse();
            closeAfterResponse = ResponseFraming.prepare(response, http2, http10Client, headRequest, clientKeepAlive,
                    mustClose);
            // A failed client write closes the client connection through exceptionCaught.
            ctx.write(response, ctx.voidPromise());
        }
        unflushed = true;
    }

    private void onResponseBody(ByteBuf body) {
        if (!responseStarted) {
            body.release();
            return;
        }
        log.bytesSent += body.readableBytes();
        if (passThrough) {
            ByteBuf held = heldHead;
            int n = body.readableBytes();
            if (held != null && n <= held.writableBytes()) {
                // Read from the body into the head, not written from it: a pooled direct buffer's
                // setBytes(ByteBuf) takes the source's NIO view, one new object per copy.
                body.getBytes(body.readerIndex(), held, held.writerIndex(), n);
                held.writerIndex(held.writerIndex() + n);
                body.release();
            } else {
                writeHeldHead();
                encoderContext.write(body, ctx.voidPromise());
            }
        } else {
            ctx.write(new DefaultHttpContent(body), ctx.voidPromise());
        }
        unflushed = true;
        if (!ctx.channel().isWritable()) {
            upstreamChannel.config().setAutoRead(false);
        }
    }

    /** A response the container framed wrongly: a 502 if nothing was sent yet, else a cut connection. */
    private void onResponseFailure(UpstreamResponseFailure failure) {
        LOG.log(System.Logger.Level.DEBUG, "response from {0} refused: {1}", upstream.addressText(), failure.reason());
        if (!responseStarted) {
            upstream.health().failed(System.nanoTime());
        }
        releaseUpstream(false);
        if (!responseStarted) {
            respond(HttpResponseStatus.BAD_GATEWAY, true);
        } else {
            closeClient();
        }
    }

    private void onResponseEnd(UpstreamResponseEnd end) {
        if (!responseStarted) {
            return;
        }
        responseComplete = true;
        long now = System.nanoTime();
        log.upstreamNanos = now - connectNanos;
        log.bytesSent = end.bodyBytes();
        boolean clean = requestComplete;
        boolean close = !clean || closeAfterResponse || (!http2 && !clientKeepAlive);
        // Only a closing exchange needs to know when the last write is done.
        ChannelFuture written = null;
        if (passThrough) {
            writeHeldHead();
            // The body's bytes already carry its end; only a closing exchange writes a marker.
            written = close ? encoderContext.write(Unpooled.EMPTY_BUFFER) : null;
        } else {
            LastHttpContent last = end.trailers() == null ? LastHttpContent.EMPTY_LAST_CONTENT
                    : new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER, end.trailers());
            written = close ? ctx.write(last) : ctx.write(last, ctx.voidPromise());
        }
        flushClient();
        logExchange();
        releaseUpstream(clean && upstreamKeepAlive, now);
        if (close) {
            state = State.CLOSING;
            // The client may still be sending the request this answered: linger.
            closeAfter(written, !clean);
            return;
        }
        endExchange(now);
    }

    void upstreamReadComplete() {
        // One flush per upstream read burst, and none when the response's end already flushed.
        if (unflushed) {
            flushClient();
        }
    }

    /** Flushes what was written to the client: at once on HTTP/1, once per loop turn for an HTTP/2 connection. */
    private void flushClient() {
        writeHeldHead();
        unflushed = false;
        if (connectionFlush != null) {
            connectionFlush.request();
        } else {
            ctx.flush();
        }
    }

    private void writeHeldHead() {
        ByteBuf held = heldHead;
        if (held != null) {
            heldHead = null;
            encoderContext.write(held, ctx.voidPromise());
        }
    }

    /** A response cut short: what was held of it is not sent. */
    private void dropHeldHead() {
        ByteBuf held = heldHead;
        if (held != null) {
            heldHead = null;
            held.release();
        }
    }

    void upstreamWritabilityChanged(boolean writable) {
        if (writable && readWhenWritable) {
            readWhenWritable = false;
            readBody();
        }
    }

    /** The upstream connection closed while attached to this exchange. */
    void upstreamClosed() {
        upstreamChannel = null;
        backend = null;
        if (state != State.FORWARDING) {
            return;
        }
        if (responseStarted) {
            if (!responseComplete) {
                closeClient();
            }
            return;
        }
        if (reusedConnection && idempotent && !bodySent && !retriedStale) {
            // The classic keep-alive race: the container closed an idle connection just as
            // the request went out. Nothing was processed; try once on a fresh connection.
            retriedStale = true;
            tried = List.of();
            Upstream same = upstream;
            state = State.CONNECTING;
            connectNanos = System.nanoTime();
            reusedConnection = false;
            context.pools().of(ctx.channel().eventLoop()).connect(same.address())
                    .addListener((ChannelFuture f) -> connected(f, same));
            return;
        }
        upstream.health().failed(System.nanoTime());
        respond(HttpResponseStatus.BAD_GATEWAY, !requestComplete);
    }

    void upstreamTimedOut() {
        if (state != State.FORWARDING || responseComplete) {
            return;
        }
        upstream.health().failed(System.nanoTime());
        releaseUpstream(false);
        if (!responseStarted) {
            respond(HttpResponseStatus.GATEWAY_TIMEOUT, !requestComplete);
        } else {
            closeClient();
        }
    }

    private void switchToTunnel(HttpResponse response) {
        upstream.health().succeeded();
        responseStarted = true;
        responseComplete = true;
        log.status = 101;
        log.upstreamNanos = System.nanoTime() - connectNanos;
        if (http2) {
            // RFC 8441: the stream's answer is a 2xx; what follows on it is the tunnel.
            response = WebSocketOverHttp2.toStreamResponse(response);
            log.status = response.status().code();
        } else {
            String protocolName = response.headers().get(HttpHeaderNames.UPGRADE);
            HopByHopHeaders.strip(response.headers());
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
            if (protocolName != null) {
                response.headers().set(HttpHeaderNames.UPGRADE, protocolName);
            }
        }
        ctx.writeAndFlush(response);
        logExchange();
        state = State.TUNNEL;

        Channel up = upstreamChannel;
        backend.detach();
        upstreamChannel = null;
        backend = null;
        TunnelHandler.splice(ctx, up, http2);
    }

    // ---------------------------------------------------------------- answers and endings

    private void reject(HttpResponseStatus s) {
        // A body the proxy will not forward is not read either: answer, then close. A 400
        // closes too, as nginx's does: a client that sent that may not frame the next one well.
        respond(s, expectsBody || !clientKeepAlive || s.code() == 400);
    }

    private void respond(HttpResponseStatus s, boolean close) {
        log.status = s.code();
        responseStarted = true;
        responseComplete = true;
        if (pending != null) {
            pending.release();
            pending = null;
        }
        FullHttpResponse response = ErrorResponses.of(s, close && !http2);
        log.bytesSent = response.content().readableBytes();
        logExchange();
        ChannelFuture written = ctx.writeAndFlush(response);
        if (close) {
            state = State.CLOSING;
            closeAfter(written, true);
            return;
        }
        if (requestComplete) {
            endExchange();
        } else {
            state = State.DISCARDING;
            readNext();
        }
    }

    private void closeClient() {
        dropHeldHead();
        stopClientClock();
        if ((state == State.FORWARDING || state == State.CONNECTING) && !responseComplete) {
            logExchange();      // aborted: logged with the status sent so far (0 if none)
        }
        state = State.CLOSING;
        ctx.close();
    }

    private void releaseUpstream(boolean reuse) {
        releaseUpstream(reuse, reuse ? System.nanoTime() : 0);
    }

    private void releaseUpstream(boolean reuse, long now) {
        Channel ch = upstreamChannel;
        ProxyBackendHandler b = backend;
        upstreamChannel = null;
        backend = null;
        if (ch == null) {
            return;
        }
        b.detach();
        context.connections().end(ch);
        if (reuse && ch.isActive()) {
            ch.config().setAutoRead(true);
            context.pools().of(ch.eventLoop()).release(ch, upstream.address(), now);
        } else {
            ch.close();
        }
    }

    private void beginExchange() {
        log.begin();
        h1Head = null;
        request = null;
        route = null;
        upstream = null;
        tried = List.of();
        reusedConnection = false;
        retriedStale = false;
        expectsBody = false;
        requestComplete = false;
        bodySent = false;
        responseStarted = false;
        responseComplete = false;
        passThrough = false;
        closeAfterResponse = false;
        upgradeRequested = false;
        upstreamKeepAlive = false;
        readWhenWritable = false;
        awaitingBody = false;
        headRequest = false;
        bodyBytes = 0;
        connectNanos = 0;
    }

    private void endExchange() {
        endExchange(System.nanoTime());
    }

    /** The exchange ended cleanly at {@code now}; on HTTP/1.1 keep-alive read the next request. */
    private void endExchange(long now) {
        stopClientClock();
        state = State.IDLE;
        h1Head = null;
        request = null;
        route = null;
        if (http2) {
            return;
        }
        if (clocks != null) {
            clocks.exchangeEnded(now, parser != null && parser.holdsPartialHead());
        }
        readNext();
    }

    /**
     * Closes once {@code written} is done. With {@code linger} (the client may have more bytes
     * on the way: a refused or unfinished request) an HTTP/1 connection first reads and drops
     * them, so the response is not lost to a reset; an HTTP/2 stream just ends.
     */
    private void closeAfter(ChannelFuture written, boolean linger) {
        if (linger && !http2) {
            LingeringClose.after(written);
        } else {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Asks for the next message of this connection or stream: a request, or a piece of its body. */
    private void readNext() {
        if (flow != null) {
            flow.request();
        } else {
            ctx.read();
        }
    }

    private void logExchange() {
        log.write(context.accessLog(), clientIp(), upstream, serviceMeters());
    }

    private ServiceMeters serviceMeters() {
        ExchangeMeters source = context.meters().get();
        String service = route == null ? "-" : route.service();
        if (source != metersSource || !service.equals(metersService)) {
            metersSource = source;
            metersService = service;
            serviceMeters = source.forService(service);
        }
        return serviceMeters;
    }

    private String clientIp() {
        if (clientIp == null) {
            SocketAddress a = ctx.channel().remoteAddress();
            clientIp = a instanceof InetSocketAddress i ? i.getAddress().getHostAddress() : String.valueOf(a);
        }
        return clientIp;
    }

    /**
     * The route the TLS server name of this connection picks, on the port's routes of the
     * moment; the request's own route when there is no server name (plain HTTP, or a TLS
     * client that sent none), so that nothing is misdirected then. Looked up once per
     * connection (or stream) and route table.
     */
    private ServiceRoute sniRoute(PortRoutes ports) {
        if (!sniKnown) {
            sniKnown = true;
            String name = scheme.equals("https") ? sniHost() : null;
            sni = name == null ? null : ServerName.normalise(name);
        }
        if (sni == null) {
            return route;
        }
        if (ports != sniPorts) {
            sniPorts = ports;
            sniRouteOfPorts = ports.route(sni);
        }
        return sniRouteOfPorts;
    }

    private String sniHost() {
        Channel ch = ctx.channel();
        String sni = ch.attr(TlsAttributes.SNI_HOST).get();
        if (sni == null && ch.parent() != null) {
            sni = ch.parent().attr(TlsAttributes.SNI_HOST).get();
        }
        return sni;
    }

    private static boolean isIdempotent(HttpMethod m) {
        return HttpMethod.GET.equals(m) || HttpMethod.HEAD.equals(m) || HttpMethod.OPTIONS.equals(m)
                || HttpMethod.TRACE.equals(m) || HttpMethod.PUT.equals(m) || HttpMethod.DELETE.equals(m);
    }

    private static List<Upstream> append(List<Upstream> list, Upstream u) {
        List<Upstream> copy = new ArrayList<>(list.size() + 1);
        copy.addAll(list);
        copy.add(u);
        return copy;
    }
}
