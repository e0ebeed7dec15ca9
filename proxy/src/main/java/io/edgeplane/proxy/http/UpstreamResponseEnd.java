package io.edgeplane.proxy.http;

import io.netty.handler.codec.http.HttpHeaders;

/**
 * The end of a container's response: how many bytes of data its body had (chunk framing not
 * counted, for the access log), and the trailers of a chunked body when they were parsed (a body
 * passed through carries its trailers in its bytes), else null.
 */
record UpstreamResponseEnd(long bodyBytes, HttpHeaders trailers) {
}
