package io.edgeplane.proxy.http;

/**
 * The user event that tells a client connection's frontend the proxy is stopping: an idle
 * keep-alive connection closes at once, a busy one answers its exchange with
 * {@code Connection: close} and closes after it.
 */
public enum GracefulStop {
    INSTANCE
}
