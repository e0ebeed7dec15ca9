package io.edgeplane.proxy.http;

import io.edgeplane.proxy.ProxyOptions;
import io.edgeplane.proxy.drain.ActiveConnections;
import io.edgeplane.proxy.log.AccessLog;
import io.edgeplane.proxy.metrics.ExchangeMeters;
import io.edgeplane.proxy.route.RouteTable;
import io.edgeplane.proxy.upstream.UpstreamPools;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What every connection of one proxy shares: options, the route table of the moment (a
 * volatile read), the per-loop upstream pools, the access log, the count of upstream
 * connections in use per container (draining), whether the proxy is stopping (each new
 * exchange then ends with {@code Connection: close}) and the meters of the moment.
 */
public record ProxyContext(ProxyOptions options, Supplier<RouteTable> routes, UpstreamPools pools,
                           AccessLog accessLog, ActiveConnections connections, BooleanSupplier stopping,
                           Supplier<ExchangeMeters> meters) {
}
