package io.edgeplane.overlay.netns;

import io.edgeplane.conf.testing.RootTools;

import static org.junit.jupiter.api.Assertions.*;

import io.edgeplane.overlay.keys.WgKeys;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Network namespaces as servers, each running a real overlay node (OverlayNodeMain, through
 * {@code ip netns exec}) on a real TUN, or wireguard-go as the reference peer. Root only.
 */
@Tag("root")
class NamespaceOverlayTest {

    /** "EDGEPLANE-MKR" as ping's -p pattern: it fills each echo request's payload. */
    static final String MARKER_HEX = HexFormat.of().formatHex("EDGEPLANE-MKR".getBytes(StandardCharsets.US_ASCII));
    static final byte[] MARKER = "EDGEPLANE-MKR".getBytes(StandardCharsets.US_ASCII);

    record Keys(Path privateFile, String publicKey) {
    }

    static Keys keys(Lab lab, String name) throws Exception {
        String priv = WgKeys.genkey();
        Path file = lab.dir.resolve(name + ".key");
        WgKeys.writeSecretFile(file, priv, false);
        return new Keys(file, WgKeys.pubkey(priv));
    }

    static Path psk(Lab lab) throws Exception {
        Path file = lab.dir.resolve("psk");
        WgKeys.writeSecretFile(file, WgKeys.genpsk(), false);
        return file;
    }

    static String[] nodeArgs(Keys own, Path psk, String address, String peerPub, String peerEndpoint, String peerSlice,
                             String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("--private-key", own.privateFile().toString(),
                "--psk", psk.toString(), "--listen", "6784", "--tun", "cnet0", "--mtu", "1420", "--address", address,
                "--peer", peerPub + "@" + peerEndpoint + "=" + peerSlice));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    static void ping(Lab lab, String ns, String target, int count, boolean noLoss) throws Exception {
        StringBuilder out = new StringBuilder();
        int rc = lab.run(ns, out, "ping", "-n", "-c", Integer.toString(count), "-i", "0.2", "-W", "3",
                "-p", MARKER_HEX, target);
        assertEquals(0, rc, "ping " + target + " from " + ns + ":\n" + out);
        if (noLoss) {
            assertTrue(out.toString().contains(" 0% packet loss"), out.toString());
        }
    }

    static Process tcpdump(Lab lab, String ns, String iface, Path file) throws Exception {
        Path log = lab.dir.resolve(file.getFileName() + ".log");
        Process p = lab.start(ns, Map.of(), Redirect.to(log.toFile()), "tcpdump", "-i", iface, "-nn", "-U", "-w", file.toString());
        waitFor(() -> {
            try {
                return Files.exists(log) && Files.readString(log).contains("listening on");
            } catch (java.io.IOException e) {
                return false;
            }
        }, 10, "tcpdump on " + iface);
        return p;
    }

    static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }

    static void waitFor(BooleanSupplier c, int seconds, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void twoEdgeNodesTalkEncryptedDropForgeriesAndReplaysAndSurviveARestart() throws Exception {
        RootTools.assumeRootAndTools("ip", "ping", "tcpdump");
        try (Lab lab = new Lab()) {
            Keys ka = keys(lab, "a");
            Keys kb = keys(lab, "b");
            Path psk = psk(lab);
            String[] argsA = nodeArgs(ka, psk, "10.32.1.1/16", kb.publicKey(), lab.underlayB + ":6784", "10.32.2.0/24");
            Lab.Node a = lab.new Node(lab.nsA, argsA);
            Lab.Node b = lab.new Node(lab.nsB, nodeArgs(kb, psk, "10.32.2.1/16", ka.publicKey(), lab.underlayA + ":6784", "10.32.1.0/24"));

            Path underlay = lab.dir.resolve("underlay.pcap");
            Path overlay = lab.dir.resolve("overlay.pcap");
            Process capUnderlay = tcpdump(lab, lab.nsA, lab.vethA, underlay);
            Process capOverlay = tcpdump(lab, lab.nsA, "cnet0", overlay);
            ping(lab, lab.nsA, "10.32.2.1", 3, true);
            ping(lab, lab.nsB, "10.32.1.1", 3, true);
            Thread.sleep(300);
            stop(capUnderlay);
            stop(capOverlay);

            Pcap inside = Pcap.read(overlay);
            assertTrue(inside.frames().stream().anyMatch(f -> Pcap.contains(f.frame(), MARKER)),
                    "control: the marker is visible on cnet0, so its absence below means something");
            Pcap wire = Pcap.read(underlay);
            List<Pcap.Frame> ip = wire.frames().stream().filter(f -> f.ip() != null).toList();
            assertFalse(ip.isEmpty());
            for (Pcap.Frame f : ip) {
                assertEquals(4, f.ipVersion());
                assertEquals(17, f.protocol(), "only UDP on the underlay");
                assertTrue(f.srcPort() == 6784 && f.dstPort() == 6784, "only the overlay port");
                assertFalse(Pcap.contains(f.frame(), MARKER), "plaintext on the underlay");
            }

            // an attacker on the underlay alters, then replays, a captured data packet
            byte[] data = ip.stream().filter(f -> f.src().equals(lab.underlayA))
                    .map(Pcap.Frame::udpPayload).filter(p -> p[0] == 4 && p.length > 32)
                    .reduce((x, y) -> y).orElseThrow();
            byte[] altered = data.clone();
            altered[altered.length - 17] ^= 1;
            StringBuilder out = new StringBuilder();
            assertEquals(0, lab.run(lab.nsA, out, Lab.JAVA, "-cp", System.getProperty("java.class.path"),
                    UdpInjectMain.class.getName(), lab.underlayB, "6784",
                    HexFormat.of().formatHex(altered), HexFormat.of().formatHex(data)), out.toString());
            Map<String, Long> stats = b.stats();
            for (int i = 0; i < 30 && (stats.get("drop_authentication") < 1 || stats.get("drop_replay") < 1); i++) {
                Thread.sleep(100);
                stats = b.stats();
            }
            assertEquals(1, stats.get("drop_authentication"), stats.toString());
            assertEquals(1, stats.get("drop_replay"), stats.toString());

            // a restarted node has no session: it handshakes again and traffic resumes both ways
            a.close();
            a = lab.new Node(lab.nsA, argsA);
            ping(lab, lab.nsA, "10.32.2.1", 3, false);
            ping(lab, lab.nsB, "10.32.1.1", 3, false);
            assertTrue(a.stats().get("handshakes_completed") >= 1);
        }
    }

    static Process wireguardGo(Lab lab, String iface) throws Exception {
        Process wg = lab.start(lab.nsB, Map.of("WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD", "1"),
                Redirect.to(lab.dir.resolve("wireguard-go.log").toFile()), "wireguard-go", "-f", iface);
        waitFor(() -> Files.exists(Path.of("/var/run/wireguard", iface + ".sock")), 10, "wireguard-go's socket");
        return wg;
    }

    static void configureWg(Lab lab, String iface, Keys own, Path psk, Keys peer) throws Exception {
        StringBuilder out = new StringBuilder();
        assertEquals(0, lab.run(lab.nsB, out, "wg", "set", iface, "private-key", own.privateFile().toString(),
                "listen-port", "6785", "peer", peer.publicKey(), "preshared-key", psk.toString(),
                "endpoint", lab.underlayA + ":6784", "allowed-ips", "10.32.1.0/24"), out.toString());
        assertEquals(0, lab.run(lab.nsB, out, "ip", "addr", "add", "10.32.2.1/16", "dev", iface), out.toString());
        assertEquals(0, lab.run(lab.nsB, out, "ip", "link", "set", iface, "mtu", "1420", "up"), out.toString());
    }

    @Test
    void wireguardGoPeerExchangesTrafficWithAnEdgeNode() throws Exception {
        RootTools.assumeRootAndTools("ip", "ping", "wireguard-go", "wg");
        try (Lab lab = new Lab()) {
            Keys ka = keys(lab, "a");
            Keys kb = keys(lab, "b");
            Path psk = psk(lab);
            String iface = "wgb" + lab.suffix;
            wireguardGo(lab, iface);
            configureWg(lab, iface, kb, psk, ka);
            Lab.Node a = lab.new Node(lab.nsA, nodeArgs(ka, psk, "10.32.1.1/16", kb.publicKey(), lab.underlayB + ":6785", "10.32.2.0/24"));
            ping(lab, lab.nsA, "10.32.2.1", 3, true);   // edge initiates
            ping(lab, lab.nsB, "10.32.1.1", 3, true);   // and the other way
            StringBuilder out = new StringBuilder();
            lab.run(lab.nsB, out, "wg", "show", iface, "latest-handshakes");
            assertFalse(out.toString().trim().endsWith("\t0"), "wireguard-go saw a handshake: " + out);
            Map<String, Long> stats = a.stats();
            assertTrue(stats.get("rx_packets") >= 6, stats.toString());
            assertEquals(0, stats.get("drop_authentication") + stats.get("drop_replay") + stats.get("drop_source_not_allowed"),
                    stats.toString());
        }
    }

    @Test
    void underLoadAnEdgeNodeMakesWireguardGoComeBackWithACookie() throws Exception {
        RootTools.assumeRootAndTools("ip", "ping", "wireguard-go", "wg");
        try (Lab lab = new Lab()) {
            Keys ka = keys(lab, "a");
            Keys kb = keys(lab, "b");
            Path psk = psk(lab);
            String iface = "wgb" + lab.suffix;
            Lab.Node a = lab.new Node(lab.nsA, nodeArgs(ka, psk, "10.32.1.1/16", kb.publicKey(), lab.underlayB + ":6785",
                    "10.32.2.0/24", "--under-load"));
            wireguardGo(lab, iface);
            configureWg(lab, iface, kb, psk, ka);
            // wireguard-go initiates, gets a cookie reply (XChaCha20-Poly1305), and its retry
            // REKEY_TIMEOUT later carries a mac2 the edge node accepts
            StringBuilder out = new StringBuilder();
            int rc = lab.run(lab.nsB, out, "ping", "-n", "-c", "1", "-W", "12", "10.32.1.1");
            Map<String, Long> stats = a.stats();
            assertEquals(0, rc, out + "\n" + stats);
            assertTrue(stats.get("cookie_replies_sent") >= 1, stats.toString());
        }
    }

    /** iperf3 over the overlay from {@code ns} to {@code server} for a second; returns bytes received. */
    static long iperf(Lab lab, String ns, String server, boolean reverse) throws Exception {
        StringBuilder out = new StringBuilder();
        List<String> cmd = new java.util.ArrayList<>(List.of("iperf3", "-c", server, "-t", "1", "-J"));
        if (reverse) {
            cmd.add("-R");
        }
        assertEquals(0, lab.run(ns, out, cmd.toArray(String[]::new)), out.toString());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"sum_received\":\\s*\\{[^}]*\"bytes\":\\s*(\\d+)")
                .matcher(out);
        assertTrue(m.find(), out.toString());
        return Long.parseLong(m.group(1));
    }

    /**
     * Bulk TCP both ways with wireguard-go: the edge node cuts the kernel's TSO super-packets
     * into segments whose checksums wireguard-go's kernel checks, and glues wireguard-go's
     * segments back into super-packets for its own TUN. Then the same between two edge nodes.
     */
    @Test
    void bulkTcpCrossesTheOverlayBothWaysWithWireguardGoAndBetweenEdgeNodes() throws Exception {
        RootTools.assumeRootAndTools("ip", "ping", "wireguard-go", "wg", "iperf3");
        try (Lab lab = new Lab()) {
            Keys ka = keys(lab, "a");
            Keys kb = keys(lab, "b");
            Path psk = psk(lab);
            String iface = "wgb" + lab.suffix;
            wireguardGo(lab, iface);
            configureWg(lab, iface, kb, psk, ka);
            Lab.Node a = lab.new Node(lab.nsA, nodeArgs(ka, psk, "10.32.1.1/16", kb.publicKey(), lab.underlayB + ":6785", "10.32.2.0/24"));
            lab.start(lab.nsB, Map.of(), Redirect.DISCARD, "iperf3", "-s");
            lab.start(lab.nsA, Map.of(), Redirect.DISCARD, "iperf3", "-s");
            ping(lab, lab.nsA, "10.32.2.1", 2, false);
            assertTrue(iperf(lab, lab.nsA, "10.32.2.1", false) > 1_000_000, "edge -> wireguard-go");
            assertTrue(iperf(lab, lab.nsA, "10.32.2.1", true) > 1_000_000, "wireguard-go -> edge");
            Map<String, Long> stats = a.stats();
            assertEquals(0, stats.get("drop_authentication") + stats.get("drop_replay") + stats.get("drop_malformed"),
                    stats.toString());
            a.close();

            // edge to edge, with keys of their own: the second node in B has its own TUN and port
            Keys kc = keys(lab, "c");
            Keys kd = keys(lab, "d");
            Lab.Node a2 = lab.new Node(lab.nsA, nodeArgs(kc, psk, "10.34.1.1/16", kd.publicKey(), lab.underlayB + ":6786",
                    "10.34.2.0/24"));
            List<String> argsB = new java.util.ArrayList<>(List.of(nodeArgs(kd, psk, "10.34.2.1/16", kc.publicKey(),
                    lab.underlayA + ":6784", "10.34.1.0/24")));
            argsB.set(argsB.indexOf("6784"), "6786");
            argsB.set(argsB.indexOf("cnet0"), "cnet1");
            Lab.Node b2 = lab.new Node(lab.nsB, argsB.toArray(String[]::new));
            ping(lab, lab.nsA, "10.34.2.1", 2, false);
            assertTrue(iperf(lab, lab.nsA, "10.34.2.1", false) > 1_000_000, "edge -> edge");
            assertTrue(iperf(lab, lab.nsA, "10.34.2.1", true) > 1_000_000, "edge <- edge");
            for (Lab.Node n : List.of(a2, b2)) {
                Map<String, Long> s = n.stats();
                assertEquals(0, s.get("drop_authentication") + s.get("drop_replay") + s.get("drop_malformed"), s.toString());
            }
        }
    }
}
