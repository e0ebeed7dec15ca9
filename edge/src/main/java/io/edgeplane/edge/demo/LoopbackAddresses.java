package io.edgeplane.edge.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Gives every demo container its own loopback address, so ElasticDNS answers and the proxy's
 * round-robin show which container is which. Linux routes all of 127.0.0.0/8 to the loopback
 * interface; elsewhere (macOS has only 127.0.0.1) every container shares 127.0.0.1.
 */
final class LoopbackAddresses {

    private final boolean spread;

    private LoopbackAddresses(boolean spread) {
        this.spread = spread;
    }

    static LoopbackAddresses probe() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.ofLiteral("127.0.1.11"), 0));
            return new LoopbackAddresses(true);
        } catch (IOException e) {
            return new LoopbackAddresses(false);
        }
    }

    /** The address of container {@code n} (from 0) of {@code service} at {@code version}. */
    String of(DemoService service, int version, int n) {
        if (!spread) {
            return "127.0.0.1";
        }
        // Versions cycle through 1..25 so the last octet stays below 256; by then the old ones are gone.
        int generation = (version - 1) % 25 + 1;
        return "127.0." + service.subnet() + "." + (generation * 10 + n + 1);
    }
}
