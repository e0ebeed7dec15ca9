package io.edgeplane.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The central and a node client as two processes ({@link DnsMain}) on loopback, asked with
 * {@code dig} from the callers' own addresses ({@code -b}), as a container would. Without dig
 * the same questions go through dnsjava and the dig part is reported as skipped.
 */
class DnsProcessTest {

    private static final String SERVICES = TestConfigs.SERVICES;

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();
    private FakeUpstream upstream;

    @AfterEach
    void stop() throws Exception {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    /** A port free for both UDP and TCP on 127.0.0.1 right now. */
    private static int freePort() {
        return io.edgeplane.conf.testing.LoopbackPorts.tcpAndUdp();
    }

    private Process start(String name, String edgeYaml, String inventory) throws Exception {
        Path sub = Files.createDirectories(dir.resolve(name));
        Files.writeString(sub.resolve("edge.yml"), edgeYaml);
        Files.writeString(sub.resolve("service.yml"), SERVICES);
        Files.writeString(sub.resolve("inventory.yml"), inventory);
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process p = new ProcessBuilder(java, "-Xmx96m", "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-cp", System.getProperty("java.class.path"),
                DnsMain.class.getName(), sub.resolve("edge.yml").toString(), sub.resolve("service.yml").toString(),
                sub.resolve("inventory.yml").toString())
                .redirectError(sub.resolve("stderr.txt").toFile())
                .start();
        processes.add(p);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                String l;
                while ((l = out.readLine()) != null) {
                    if (l.startsWith("edgeplane-dns ready")) {
                        return l;
                    }
                }
                return null;
            } catch (IOException e) {
                return null;
            }
        }).get(30, TimeUnit.SECONDS);
        assertTrue(line != null, name + " did not start: " + Files.readString(sub.resolve("stderr.txt")));
        return p;
    }

    private static boolean digInstalled() {
        try {
            Process p = new ProcessBuilder("dig", "-v").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static List<String> dig(int port, String from, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("dig", "@127.0.0.1", "-p", Integer.toString(port), "-b", from,
                "+time=2", "+tries=1"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        return text.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
    }

    @Test
    void centralAndNodeClientAsProcessesAnswerDig() throws Exception {
        upstream = new FakeUpstream("127.0.0.5");
        int central = freePort();
        int listen = freePort();
        String inventory = TestConfigs.INVENTORY.formatted("127.0.0.2", "127.0.0.3", "127.0.0.4", "");
        start("central", """
                node: {name: web-1, roles: [central]}
                dns: {central_listen: 127.0.0.1:%d, ttl: 1s}
                """.formatted(central), inventory);
        start("node", """
                node: {name: web-1, roles: [node]}
                central: {url: "https://127.0.0.1:7070"}
                dns:
                  listen: [127.0.0.1:%d]
                  central_listen: 127.0.0.1:%d
                  upstreams: [%s:%d]
                  allow: [127.0.0.0/29]
                  ttl: 1s
                """.formatted(listen, central, upstream.address().getAddress().getHostAddress(), upstream.address().getPort()),
                inventory);
        InetSocketAddress client = new InetSocketAddress("127.0.0.1", listen);

        Message old = TestDnsClient.udp(client, TestDnsClient.query("api.cloud66.local", Type.A), "127.0.0.2");
        assertEquals(Set.of("10.32.1.6", "10.32.2.6"), Set.copyOf(TestDnsClient.addresses(old)));
        Message fresh = TestDnsClient.udp(client, TestDnsClient.query("api.cloud66.local", Type.A), "127.0.0.3");
        assertEquals(Set.of("10.32.1.16", "10.32.2.16"), Set.copyOf(TestDnsClient.addresses(fresh)));

        boolean dig = digInstalled();
        if (dig) {
            assertEquals(Set.of("10.32.1.6", "10.32.2.6"), Set.copyOf(dig(listen, "127.0.0.2", "api.cloud66.local", "+short")));
            assertEquals(Set.of("10.32.1.16", "10.32.2.16"), Set.copyOf(dig(listen, "127.0.0.3", "api.cloud66.local", "+short")));
            assertEquals(List.of("10.0.0.22"), dig(listen, "127.0.0.2", "spare.mysql.cloud66.local", "+short"));
            assertEquals(List.of("192.0.2.7"), dig(listen, "127.0.0.2", "www.example.com", "+short"));
            assertTrue(String.join("\n", dig(listen, "127.0.0.2", "nosuch.cloud66.local")).contains("status: NXDOMAIN"));
            assertTrue(String.join("\n", dig(listen, "127.0.0.9", "api.cloud66.local")).contains("status: REFUSED"));
            assertEquals(Set.of("10.32.1.16", "10.32.2.16"),
                    Set.copyOf(dig(listen, "127.0.0.3", "api.cloud66.local", "+short", "+tcp")));
        }

        // Stop the central: after the 1 s TTL the node client serves what it had, stale.
        Process centralProcess = processes.getFirst();
        centralProcess.destroy();
        assertTrue(centralProcess.waitFor(10, TimeUnit.SECONDS));
        Thread.sleep(1500);
        Message stale = TestDnsClient.udp(client, TestDnsClient.query("api.cloud66.local", Type.A), "127.0.0.2");
        assertEquals(Rcode.NOERROR, stale.getRcode());
        assertEquals(Set.of("10.32.1.6", "10.32.2.6"), Set.copyOf(TestDnsClient.addresses(stale)));
        assertEquals(30, stale.getSection(Section.ANSWER).getFirst().getTTL());
        if (dig) {
            assertEquals(Set.of("10.32.1.16", "10.32.2.16"), Set.copyOf(dig(listen, "127.0.0.3", "api.cloud66.local", "+short")));
        }
        assumeTrue(dig, "dig is not installed (apt-get install dnsutils): only the dnsjava half of this test ran");
    }
}
