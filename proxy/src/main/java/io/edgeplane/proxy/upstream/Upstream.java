package io.edgeplane.proxy.upstream;

import java.net.InetSocketAddress;

/**
 * One container as the proxy dials it: the address and port to connect to and the passive
 * health state it shares with every snapshot that still lists it (health survives reloads).
 *
 * @param addressText {@code 10.32.1.5:3000}, as the access log writes {@code $upstream_addr};
 *                    formatted once here rather than for every logged request
 */
public record Upstream(String containerId, String service, int version, InetSocketAddress address,
                       PassiveHealth health, String addressText) {

    public Upstream(String containerId, String service, int version, InetSocketAddress address,
                    PassiveHealth health) {
        this(containerId, service, version, address, health, textOf(address));
    }

    private static String textOf(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
