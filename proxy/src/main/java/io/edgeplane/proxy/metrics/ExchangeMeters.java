package io.edgeplane.proxy.metrics;

/**
 * Where finished exchanges are counted. {@link #forService} is called rarely (a connection
 * keeps what it returned while its requests go to the same service); the returned
 * {@link ServiceMeters} is what each request touches.
 */
public interface ExchangeMeters {

    /** Counts nothing: the proxy without a registry pays one virtual call per exchange. */
    ExchangeMeters NONE = service -> ServiceMeters.NONE;

    /**
     * The meters of one service ({@code "-"} for requests the proxy answered without one), for
     * the calling thread to record into: an event loop's connections each keep their own.
     */
    ServiceMeters forService(String service);
}
