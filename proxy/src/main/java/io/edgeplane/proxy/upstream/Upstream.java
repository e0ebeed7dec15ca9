package io.edgeplane.proxy.upstream;

import java.net.InetSocketAddress;

/**
 * One container as the proxy dials it: the address and port to connect to and the passive
 * health state it shares with every snapshot that still lists it (health survives reloads).
 */
public record Upstream(String containerId, String service, int version, InetSocketAddress address,
                       PassiveHealth health) {

    /** {@code 10.32.1.5:3000}, as the access log writes {@code $upstream_addr}. */
    public String addressText() {
        String host = address.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
