package io.edgeplane.edge.follow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeplane.edge.ConfigTexts;
import io.edgeplane.edge.EdgeProcess;
import io.edgeplane.edge.cli.ExitStatus;
import io.edgeplane.edge.control.ApiClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A central and two following nodes, each its own {@code edge run} process on its own loopback
 * address (127.0.0.2, .3, .4): changes reach the nodes within a second, the nodes keep serving
 * while the central is killed (also across their own restart), and catch up when it is back.
 */
@Timeout(240)
class FollowersTest {

    static final String TOKEN = "follow-me-token";

    @TempDir
    Path root;

    private record Server(Path dir, InetSocketAddress control) {
        EdgeProcess start() throws Exception {
            return EdgeProcess.main(dir, "run", "-c", "edge.yml");
        }
    }

    private int centralDns;

    private Server central() throws Exception {
        Path dir = Files.createDirectories(root.resolve("central"));
        ConfigTexts.write(dir, ConfigTexts.GOOD_SERVICES);
        int port = ConfigTexts.freePort();
        centralDns = ConfigTexts.freePort();
        Files.writeString(dir.resolve("token"), TOKEN + "\n");
        Files.writeString(dir.resolve("edge.yml"), """
                node: {name: web-1, roles: [central, node]}
                control: {listen: 127.0.0.2:%d, token_file: token}
                """.formatted(port) + ConfigTexts.ownAddress("127.0.0.2", centralDns));
        return new Server(dir, new InetSocketAddress("127.0.0.2", port));
    }

    private Server node(String name, String address, Server central) throws Exception {
        Path dir = Files.createDirectories(root.resolve(name));
        int port = ConfigTexts.freePort();
        Files.writeString(dir.resolve("central.token"), TOKEN);
        Files.writeString(dir.resolve("edge.yml"), """
                node: {name: %s, roles: [node]}
                central: {url: "http://127.0.0.2:%d", token_file: central.token}
                control: {listen: %s:%d}
                """.formatted(name, central.control().getPort(), address, port) + ConfigTexts.ownAddress(address, centralDns));
        return new Server(dir, new InetSocketAddress(address, port));
    }

    private static ApiClient client(Server s) {
        return new ApiClient(s.control(), InetAddress.ofLiteral("127.0.0.1"), TOKEN);
    }

    private static String container(String id) {
        return "{\"id\": \"" + id + "\", \"service\": \"web\", \"version\": 8, \"server\": \"web-1\"}";
    }

    /** Waits until the node's own API knows the container; returns how long that took. */
    private static Duration awaitContainer(ApiClient node, String id, Duration timeout) throws Exception {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (node.get("/v1/containers/" + id).status() == 200) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            Thread.sleep(10);
        }
        throw new AssertionError(id + " not on " + node + " within " + timeout);
    }

    @Test
    void nodesFollowTheCentralAndSurviveItsAbsence() throws Exception {
        Server central = central();
        Server a = node("web-2", "127.0.0.3", central);
        Server b = node("web-3", "127.0.0.4", central);
        ApiClient toCentral = client(central);
        ApiClient toA = client(a);
        ApiClient toB = client(b);

        EdgeProcess c = central.start();
        EdgeProcess na = null;
        EdgeProcess nb = null;
        try {
            c.awaitLine(0, "running at revision 1");
            na = a.start();
            nb = b.start();
            na.awaitLine(0, "following the central http://127.0.0.2:" + central.control().getPort() + " at revision 1");
            nb.awaitLine(0, "at revision 1");

            // A container added on the central appears on both nodes within a second.
            // Warm the test's own clients up, so what is timed is the nodes, not their first connection.
            assertEquals(404, toA.get("/v1/containers/web-8-a").status());
            assertEquals(404, toB.get("/v1/containers/web-8-a").status());
            assertEquals(200, toCentral.get("/healthz").status());
            assertEquals(201, toCentral.send("POST", "/v1/containers", container("web-8-a")).status());
            long acked = System.nanoTime();
            Duration toFirst = awaitContainer(toA, "web-8-a", Duration.ofSeconds(5));
            Duration toSecond = awaitContainer(toB, "web-8-a", Duration.ofSeconds(5));
            Duration both = Duration.ofNanos(System.nanoTime() - acked);
            System.out.println("propagation to the nodes after the 2xx: " + toFirst + ", " + toSecond);
            assertTrue(both.compareTo(Duration.ofSeconds(1)) < 0, "took " + toFirst + " and " + toSecond);
            assertEquals(2, toA.get("/v1/state").json().get("revision").asLong(), "revisions follow the central's");
            // A node refuses changes: they belong to the central.
            assertEquals(409, toA.send("POST", "/v1/containers", container("web-8-b")).status());

            // The central dies; the nodes keep serving their last snapshot and say so once.
            c.close();
            int lineA = na.awaitLine(0, "unreachable");
            assertEquals(200, toA.get("/v1/containers/web-8-a").status());
            assertEquals(2, toB.get("/v1/state").json().get("revision").asLong());

            // A node restarting while the central is away serves what it had.
            na.close();
            na = a.start();
            na.awaitLine(0, "revision 2 of the central restored");
            na.awaitLine(0, "running at revision 2");
            assertEquals(200, toA.get("/v1/containers/web-8-a").status());
            Thread.sleep(1500);
            assertEquals(1, count(na.stderr(), "unreachable"), "one line per outage:\n" + na.stderr());

            // The central is back (its state survived); both nodes catch up with a new change.
            c = central.start();
            c.awaitLine(0, "running at revision 2");
            assertEquals(201, toCentral.send("POST", "/v1/containers", container("web-8-c")).status());
            awaitContainer(toA, "web-8-c", Duration.ofSeconds(20));
            awaitContainer(toB, "web-8-c", Duration.ofSeconds(20));
            nb.awaitLine(0, "is back; at revision");
            assertEquals(3, toB.get("/v1/state").json().get("revision").asLong());

            for (EdgeProcess p : new EdgeProcess[] {nb, na, c}) {
                p.terminate();
                assertEquals(ExitStatus.OK, p.exitStatus(), p.stderr());
            }
        } finally {
            c.close();
            if (na != null) {
                na.close();
            }
            if (nb != null) {
                nb.close();
            }
        }
    }

    private static int count(String text, String word) {
        return text.split(java.util.regex.Pattern.quote(word), -1).length - 1;
    }
}
