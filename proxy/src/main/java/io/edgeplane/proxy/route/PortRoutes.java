package io.edgeplane.proxy.route;

/** The routes of one public port: whether it speaks TLS and who answers which host name. */
public record PortRoutes(int port, boolean tls, HostMatcher<ServiceRoute> hosts) {

    /** The route for a normalised host name, or null (404). */
    public ServiceRoute route(String normalisedHost) {
        return hosts.match(normalisedHost);
    }
}
