package io.edgeplane.proxy.http;

/** Emitted by {@link ClientRequestParser} after the last byte of a request body. */
enum ClientRequestEnd {
    INSTANCE
}
