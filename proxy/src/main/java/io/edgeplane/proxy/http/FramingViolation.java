package io.edgeplane.proxy.http;

/**
 * Emitted by {@link StrictRequestDecoder} in place of a request whose framing it refuses
 * before Netty's decoder would have repaired it (obs-fold); the enforcer answers 400 and closes.
 */
record FramingViolation(String reason) {
}
