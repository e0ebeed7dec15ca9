package io.edgeplane.edge.control;

import io.edgeplane.conf.model.Container;
import io.edgeplane.conf.registry.Snapshot;
import io.edgeplane.edge.overlay.RunningOverlay;
import io.micrometer.core.instrument.Counter;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * One connection's requests: checks the caller, routes, and answers. Runs on the event loop;
 * what would block (the disk, big bodies, a scrape) is handed to {@code work} and its answer
 * written back from there. One request at a time per connection: reading pauses until the
 * answer is written, so answers never overtake each other.
 */
final class ControlApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final String CONTAINERS = "/v1/containers/";

    private final ControlApiSetup setup;
    private final StateLongPoll longPoll;
    private final StateJson stateJson;
    private final RegistryChanges changes;
    private final ExecutorService work;

    ControlApiHandler(ControlApiSetup setup, StateLongPoll longPoll, StateJson stateJson, RegistryChanges changes,
                      ExecutorService work) {
        this.setup = setup;
        this.longPoll = longPoll;
        this.stateJson = stateJson;
        this.changes = changes;
        this.work = work;
    }

    /** A request's route: the endpoint's name for the metrics, and the container id when there is one. */
    private record Route(String endpoint, String id) {
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (request.decoderResult().isFailure()) {
            Throwable cause = request.decoderResult().cause();
            answer(ctx, false, "invalid", ApiResponse.error(HttpResponseStatus.BAD_REQUEST,
                    "malformed request: " + (cause == null ? "unreadable" : cause.getMessage())));
            return;
        }
        ctx.channel().config().setAutoRead(false);
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        Route route = route(request.method(), uri.path());
        if (route.endpoint().startsWith("unknown")) {
            answer(ctx, keepAlive, "unknown", route.endpoint().equals("unknown path")
                    ? ApiResponse.error(HttpResponseStatus.NOT_FOUND, "no such endpoint: " + uri.path()
                    + " (see GET /v1/state, PUT /v1/services, PUT /v1/inventory, POST /v1/containers,"
                    + " GET|DELETE /v1/containers/{id}, POST /v1/reload, GET /v1/overlay, GET /metrics, GET /healthz)")
                    : ApiResponse.error(HttpResponseStatus.METHOD_NOT_ALLOWED, request.method() + " is not allowed on "
                    + uri.path()));
            return;
        }
        if (!route.endpoint().equals("GET /healthz")) {
            ApiResponse refused = authorize(ctx, request);
            if (refused != null) {
                answer(ctx, keepAlive, route.endpoint(), refused);
                return;
            }
        }
        String endpoint = route.endpoint();
        switch (endpoint) {
            case "GET /healthz" -> answer(ctx, keepAlive, endpoint, ApiResponse.json(HttpResponseStatus.OK,
                    Map.of("status", "ok", "revision", setup.registry().current().revision())));
            case "GET /metrics" -> later(ctx, keepAlive, endpoint, () -> ApiResponse.text(HttpResponseStatus.OK,
                    "text/plain; version=0.0.4; charset=utf-8", setup.metrics().scrape()));
            case "GET /v1/state" -> state(ctx, keepAlive, uri);
            case "GET /v1/containers/{id}" -> answer(ctx, keepAlive, endpoint, container(route.id()));
            case "POST /v1/reload" -> later(ctx, keepAlive, endpoint, this::reload);
            case "GET /v1/overlay" -> later(ctx, keepAlive, endpoint, ControlApiHandler::overlay);
            default -> write(ctx, keepAlive, request, route);
        }
    }

    private void write(ChannelHandlerContext ctx, boolean keepAlive, FullHttpRequest request, Route route) {
        String endpoint = route.endpoint();
        if (setup.following() != null) {
            answer(ctx, keepAlive, endpoint, ApiResponse.error(HttpResponseStatus.CONFLICT, "this server follows the"
                    + " central at " + setup.following() + "; send changes to the central"));
            return;
        }
        int limit = endpoint.equals("POST /v1/containers") ? setup.options().maxContainerBodyBytes()
                : setup.options().maxBodyBytes();
        if (request.content().readableBytes() > limit) {
            answer(ctx, keepAlive, endpoint, ApiResponse.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "request body larger than " + limit + " bytes"));
            return;
        }
        String body = request.content().toString(StandardCharsets.UTF_8);
        switch (endpoint) {
            case "PUT /v1/services" -> later(ctx, keepAlive, endpoint, () -> changes.putServices(body));
            case "PUT /v1/inventory" -> later(ctx, keepAlive, endpoint, () -> changes.putInventory(body));
            case "POST /v1/containers" -> later(ctx, keepAlive, endpoint, () -> changes.addContainer(body));
            case "DELETE /v1/containers/{id}" -> later(ctx, keepAlive, endpoint, () -> changes.removeContainer(route.id()));
            default -> throw new IllegalStateException("unrouted " + endpoint);
        }
    }

    private static Route route(HttpMethod method, String path) {
        String m = method.name();
        if (path.startsWith(CONTAINERS) && path.length() > CONTAINERS.length()
                && path.indexOf('/', CONTAINERS.length()) < 0) {
            String id = QueryStringDecoder.decodeComponent(path.substring(CONTAINERS.length()));
            return m.equals("GET") || m.equals("DELETE") ? new Route(m + " /v1/containers/{id}", id)
                    : new Route("unknown method", null);
        }
        List<String> allowed = switch (path) {
            case "/healthz", "/metrics", "/v1/state", "/v1/overlay" -> List.of("GET");
            case "/v1/services", "/v1/inventory" -> List.of("PUT");
            case "/v1/containers", "/v1/reload" -> List.of("POST");
            default -> null;
        };
        if (allowed == null) {
            return new Route("unknown path", null);
        }
        return allowed.contains(m) ? new Route(m + " " + path, null) : new Route("unknown method", null);
    }

    /** Null when the caller may go on, else the 401 or 403 to answer. */
    private ApiResponse authorize(ChannelHandlerContext ctx, FullHttpRequest request) {
        InetAddress caller = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
        return switch (setup.tokens().check(caller, request.headers().get(HttpHeaderNames.AUTHORIZATION))) {
            case ALLOWED -> null;
            case MISSING -> ApiResponse.error(HttpResponseStatus.UNAUTHORIZED, "callers other than this host's"
                    + " loopback address must send Authorization: Bearer <token of control.token_file>");
            case NOT_CONFIGURED -> ApiResponse.error(HttpResponseStatus.UNAUTHORIZED, "this server has no"
                    + " control.token_file, so only callers on its loopback address are allowed");
            case WRONG -> ApiResponse.error(HttpResponseStatus.FORBIDDEN, "wrong token");
        };
    }

    private void state(ChannelHandlerContext ctx, boolean keepAlive, QueryStringDecoder uri) {
        String endpoint = "GET /v1/state";
        List<String> wait = uri.parameters().get("wait");
        if (wait == null || wait.isEmpty()) {
            later(ctx, keepAlive, endpoint, () -> stateOf(setup.registry().current()));
            return;
        }
        long revision;
        try {
            revision = Long.parseLong(wait.getFirst().trim());
        } catch (NumberFormatException e) {
            answer(ctx, keepAlive, endpoint, ApiResponse.error(HttpResponseStatus.BAD_REQUEST,
                    "wait=" + wait.getFirst() + " is not a revision number"));
            return;
        }
        List<String> timeoutText = uri.parameters().get("timeout");
        Duration timeout = timeoutText == null || timeoutText.isEmpty() ? setup.options().defaultWait()
                : WaitTimeout.parse(timeoutText.getFirst(), setup.options().maxWait());
        if (timeout == null) {
            answer(ctx, keepAlive, endpoint, ApiResponse.error(HttpResponseStatus.BAD_REQUEST, "timeout="
                    + timeoutText.getFirst() + " is not a duration; valid: 500ms, 30s or 2m"));
            return;
        }
        // A follower reuses its connection for poll after poll: the close listener of each poll
        // is removed once it is answered, or they would pile up on the connection.
        Runnable[] cancel = {() -> { }};
        ChannelFutureListener onClose = f -> cancel[0].run();
        ctx.channel().closeFuture().addListener(onClose);
        cancel[0] = longPoll.await(revision, timeout, ctx.executor(), snapshot -> {
            ctx.channel().closeFuture().removeListener(onClose);
            answer(ctx, keepAlive, endpoint, stateOf(snapshot));
        });
    }

    private ApiResponse stateOf(Snapshot snapshot) {
        return new ApiResponse(HttpResponseStatus.OK, ApiResponse.JSON_TYPE, stateJson.encode(snapshot));
    }

    private ApiResponse container(String id) {
        Container c = setup.registry().current().config().inventory().container(id).orElse(null);
        if (c == null) {
            c = setup.states().removed(id);   // removed from the inventory, still draining
        }
        if (c == null) {
            return ApiResponse.error(HttpResponseStatus.NOT_FOUND, "no container " + id);
        }
        ContainerState state = setup.states().stateOf(c);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", c.id());
        body.put("service", c.service());
        body.put("version", c.version());
        body.put("server", c.server());
        body.put("state", state.state());
        body.put("active_connections", state.activeConnections());
        return ApiResponse.json(HttpResponseStatus.OK, body);
    }

    /** This node's ContainerNet: interface, peers, counters ({@code edge overlay status}). */
    private static ApiResponse overlay() {
        Map<String, Object> status = RunningOverlay.statusJson();
        return status != null ? ApiResponse.json(HttpResponseStatus.OK, status)
                : ApiResponse.error(HttpResponseStatus.NOT_FOUND, "ContainerNet does not run on this node (it needs"
                + " overlay.enabled: true and the node role in edge.yml)");
    }

    private ApiResponse reload() {
        ReloadOutcome outcome = setup.reload().reload("edge reload");
        Map<String, Object> body = new LinkedHashMap<>();
        if (outcome.rejected()) {
            body.put("error", "configuration rejected; still serving revision " + outcome.revision());
        }
        body.put("result", outcome.result());
        body.put("revision", outcome.revision());
        body.put("problems", outcome.problems());
        if (outcome.message() != null) {
            body.put("message", outcome.message());
        }
        return ApiResponse.json(outcome.rejected() ? HttpResponseStatus.UNPROCESSABLE_ENTITY : HttpResponseStatus.OK, body);
    }

    /** Computes the answer on a virtual thread, then writes it. */
    private void later(ChannelHandlerContext ctx, boolean keepAlive, String endpoint, Supplier<ApiResponse> answer) {
        try {
            work.execute(() -> {
                ApiResponse response;
                try {
                    response = answer.get();
                } catch (RuntimeException e) {
                    response = ApiResponse.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, e.toString());
                }
                answer(ctx, keepAlive, endpoint, response);
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            answer(ctx, false, endpoint, ApiResponse.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "stopping"));
        }
    }

    /** Writes an answer (from any thread) and counts it. */
    private void answer(ChannelHandlerContext ctx, boolean keepAlive, String endpoint, ApiResponse r) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, r.status(),
                Unpooled.wrappedBuffer(r.body()));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, r.body().length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        if (r.status().equals(HttpResponseStatus.METHOD_NOT_ALLOWED)) {
            response.headers().set(HttpHeaderNames.ALLOW, "GET, PUT, POST, DELETE");
        }
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        Counter.builder("edge.control.requests").description("Control API requests by endpoint and status")
                .tag("endpoint", endpoint).tag("status", Integer.toString(r.status().code()))
                .register(setup.metrics().meters()).increment();
        ctx.writeAndFlush(response).addListener(keepAlive
                ? (ChannelFutureListener) f -> f.channel().config().setAutoRead(true)
                : ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A peer that resets or sends garbage: nothing to answer, nothing worth a log line.
        ctx.close();
    }
}
