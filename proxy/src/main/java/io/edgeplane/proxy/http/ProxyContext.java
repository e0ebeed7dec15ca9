package io.edgeplane.proxy.http;

import io.edgeplane.proxy.ProxyOptions;
import io.edgeplane.proxy.log.AccessLog;
import io.edgeplane.proxy.route.RouteTable;
import io.edgeplane.proxy.upstream.UpstreamPools;

import java.util.function.Supplier;

/**
 * What every connection of one proxy shares: options, the route table of the moment (a
 * volatile read), the per-loop upstream pools and the access log.
 */
public record ProxyContext(ProxyOptions options, Supplier<RouteTable> routes, UpstreamPools pools,
                           AccessLog accessLog) {
}
