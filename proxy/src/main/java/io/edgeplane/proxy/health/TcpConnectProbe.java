package io.edgeplane.proxy.health;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** Ready when the container port accepts a TCP connection (the rule-less default). */
final class TcpConnectProbe implements Probe {

    @Override
    public boolean check(InetSocketAddress address, Duration timeout) {
        try (Socket s = new Socket()) {
            s.connect(address, (int) Math.max(1, timeout.toMillis()));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
