package io.edgeplane.edge.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether the demo's {@code tcp:} port reaches the echo container. The guide prints its
 * {@code nc} line only when it does: a build without the TCP proxy says so instead.
 */
final class TcpProbe {

    private TcpProbe() {
    }

    /** The echo's answer to {@code line}, or null when nothing answers within {@code timeout}. */
    static String ask(int port, String line, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        do {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), port), 1000);
                socket.setSoTimeout(2000);
                socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
                String answer = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                        .readLine();
                if (answer != null) {
                    return answer;
                }
            } catch (IOException e) {
                // not listening (yet), or no TCP proxy in this build
            }
            Thread.sleep(200);
        } while (Instant.now().isBefore(deadline));
        return null;
    }
}
