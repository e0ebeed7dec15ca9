/**
 * The HTTP/1.1 (and, per stream, HTTP/2) front door: listeners, the strict HTTP/1 parsers of
 * requests and responses (heads read once into offsets, forwarded as bytes), limits and
 * timeouts, and the two halves of a proxied connection: {@link
 * io.edgeplane.proxy.http.ProxyFrontendHandler} on the client channel and {@link
 * io.edgeplane.proxy.http.ProxyBackendHandler} on the upstream channel, both on one event loop.
 *
 * <p>The life of a request: head read and checked (parser) → routed (route table of
 * the moment) → upstream chosen (round-robin, passive health) → connection taken from the
 * loop's pool or dialled → head sent → body pulled from the client one message at a time as
 * the upstream can take it → response streamed back as the client can take it → upstream
 * connection returned to the pool → next request read (keep-alive).
 */
package io.edgeplane.proxy.http;
