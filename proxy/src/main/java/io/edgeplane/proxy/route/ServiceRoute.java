package io.edgeplane.proxy.route;

import io.edgeplane.proxy.upstream.UpstreamSelector;

/**
 * Where a matched request goes: the service, the container port its listener maps to and the
 * selector over the service's current-version upstreams for that port.
 */
public record ServiceRoute(String service, int containerPort, UpstreamSelector upstreams) {
}
