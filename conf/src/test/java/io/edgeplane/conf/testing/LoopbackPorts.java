package io.edgeplane.conf.testing;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loopback ports for tests that must name a port before something binds it (configurations
 * name fixed ports). Taken from below the kernel's ephemeral range (32768 and up): a port the
 * OS hands out for "port 0" can be taken a moment later by any outgoing connection, and the
 * suites make thousands, so a listener bound later would meet "Address already in use".
 * A port is never handed out twice in one JVM.
 */
public final class LoopbackPorts {

    private static final int FIRST = 20_000;
    private static final int END = 32_768;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private LoopbackPorts() {
    }

    /** A port free for TCP on 127.0.0.1 now. */
    public static int tcp() {
        return pick(false);
    }

    /** A port free for both TCP and UDP on 127.0.0.1 now (DNS listens on both). */
    public static int tcpAndUdp() {
        return pick(true);
    }

    private static int pick(boolean udpToo) {
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(FIRST, END);
            if (HANDED_OUT.contains(port) || !free(port, udpToo)) {
                continue;
            }
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free loopback port between " + FIRST + " and " + END);
    }

    private static boolean free(int port, boolean udpToo) {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        try (ServerSocket tcp = new ServerSocket()) {
            tcp.setReuseAddress(true);
            tcp.bind(address);
        } catch (IOException e) {
            return false;
        }
        if (udpToo) {
            try (DatagramSocket udp = new DatagramSocket(address)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
