package io.edgeplane.proxy.http;

/** A container's response that cannot be read safely; nothing more is read from that connection. */
record UpstreamResponseFailure(String reason) {
}
