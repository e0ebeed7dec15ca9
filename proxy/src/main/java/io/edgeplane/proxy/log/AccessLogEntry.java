package io.edgeplane.proxy.log;

/**
 * What one request leaves in the access log, captured on the event loop as references only;
 * all formatting happens on the writer thread. Absent values are null; times are -1 when the
 * request never reached an upstream.
 */
public record AccessLogEntry(String clientIp, long epochMillis, String method, String uri, String protocol,
                             int status, long bodyBytesSent, String referer, String userAgent,
                             String upstreamAddress, long requestNanos, long upstreamNanos) {
}
