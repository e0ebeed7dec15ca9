package io.edgeplane.proxy.stream;

import io.edgeplane.conf.testing.LoopbackPorts;


/** Ports free on loopback right now, for TCP and for UDP (the configuration names fixed ports). */
final class FreePort {

    private FreePort() {
    }

    static int tcp() {
        return LoopbackPorts.tcp();
    }

    static int udp() {
        return LoopbackPorts.tcpAndUdp();
    }

    /** A port free for both TCP and UDP. */
    static int both() {
        return LoopbackPorts.tcpAndUdp();
    }
}
