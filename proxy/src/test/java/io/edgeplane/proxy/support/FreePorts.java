package io.edgeplane.proxy.support;


/** Ports free on loopback right now (the configuration has fixed ports, so tests pick them first). */
public final class FreePorts {

    private FreePorts() {
    }

    public static int one() {
        return io.edgeplane.conf.testing.LoopbackPorts.tcp();
    }
}
