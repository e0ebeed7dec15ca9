package io.edgeplane.proxy.metrics;

/** The meters of one service, resolved once: recording is an increment, never a lookup by tag. */
public interface ServiceMeters {

    ServiceMeters NONE = (status, upstreamNanos) -> {
    };

    /**
     * One exchange ended.
     *
     * @param status        the status sent to the client, 0 when it went before any was sent
     * @param upstreamNanos time from dialling (or taking a pooled connection) to the upstream's
     *                      response, as the access log's upstream time; negative when the
     *                      exchange never got one
     */
    void exchange(int status, long upstreamNanos);
}
