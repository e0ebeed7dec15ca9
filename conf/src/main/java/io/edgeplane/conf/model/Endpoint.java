package io.edgeplane.conf.model;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/** An IP address and port, written {@code 127.0.0.1:53} or {@code [::1]:53}. */
public record Endpoint(InetAddress address, int port) {

    public static Endpoint of(String ip, int port) {
        return new Endpoint(InetAddress.ofLiteral(ip), port);
    }

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(address, port);
    }

    @Override
    public String toString() {
        String host = address.getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
