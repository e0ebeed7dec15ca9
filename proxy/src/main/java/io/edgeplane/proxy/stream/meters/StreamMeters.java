package io.edgeplane.proxy.stream.meters;

/** Resolves the counters of a service's stream ports; {@link #NONE} until a registry is bound. */
@FunctionalInterface
public interface StreamMeters {

    StreamMeters NONE = (service, udp) -> StreamCounters.NONE;

    /** The counters of {@code service}'s UDP ports when {@code udp}, of its TCP ports otherwise. */
    StreamCounters counters(String service, boolean udp);
}
