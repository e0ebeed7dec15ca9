package io.edgeplane.proxy.http;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Emitted by {@link ClientRequestParser} in place of a request it refuses (400 for framing that
 * could be read two ways, 414/431 for sizes, 413, 501, 505); the frontend answers {@code status}
 * and closes, and nothing of that request reaches a container.
 */
record FramingViolation(HttpResponseStatus status, String reason) {
}
