package io.edgeplane.edge.overlay;


import io.edgeplane.edge.EdgeProcess;
import io.edgeplane.overlay.keys.WgKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Network namespaces as servers and containers, as the overlay module's netns tests build them
 * (copied: test trees do not share code across modules). Names carry a random suffix;
 * {@link #close()} stops every edge started here and deletes every namespace (which takes
 * their veths and TUNs with them), the temp directory and an /etc/netns it created.
 */
final class NetnsLab implements AutoCloseable {

    final String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
    final Path dir;
    private final List<String> namespaces = new ArrayList<>();
    private final List<EdgeProcess> edges = new ArrayList<>();
    private final boolean etcNetnsExisted = Files.exists(Path.of("/etc/netns"));


    NetnsLab() throws IOException {
        dir = Files.createTempDirectory("edge-netns-" + suffix);
    }

    /** A new namespace with loopback up, deleted with the lab. */
    String namespace(String role) throws IOException {
        String ns = "ep" + role + "-" + suffix;
        sh("ip", "netns", "add", ns);
        namespaces.add(ns);
        sh("ip", "-n", ns, "link", "set", "lo", "up");
        return ns;
    }

    /** Two server namespaces joined by a veth pair, {@code 198.18.0.1/24} and {@code .2}. */
    void underlay(String nsA, String nsB) throws IOException {
        String a = "eua" + suffix;
        String b = "eub" + suffix;
        sh("ip", "link", "add", a, "netns", nsA, "type", "veth", "peer", "name", b, "netns", nsB);
        sh("ip", "-n", nsA, "addr", "add", "198.18.0.1/24", "dev", a);
        sh("ip", "-n", nsB, "addr", "add", "198.18.0.2/24", "dev", b);
        sh("ip", "-n", nsA, "link", "set", a, "up");
        sh("ip", "-n", nsB, "link", "set", b, "up");
    }

    /** A private key file in {@code dir}; returns its public key. */
    static String keyFile(Path file) throws IOException {
        String key = WgKeys.genkey();
        WgKeys.writeSecretFile(file, key, false);
        return WgKeys.pubkey(key);
    }

    /** {@code edge run -c edge.yml} in {@code ns}, from {@code dir}. */
    EdgeProcess run(String ns, Path dir) throws IOException {
        EdgeProcess edge = EdgeProcess.start(dir, EdgeCli.javaCommand(ns, "run", "-c", "edge.yml"));
        edges.add(edge);
        return edge;
    }

    static String sh(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + ": timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " exited " + p.exitValue() + ": " + out);
        }
        return out;
    }

    /** Runs {@code cmd} in {@code ns}; returns its exit status and output. */
    static EdgeCli in(String ns, Path dir, String... cmd) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(List.of(cmd));
        return EdgeCli.command(dir, new byte[0], full);
    }

    @Override
    public void close() throws Exception {
        for (EdgeProcess e : edges) {
            e.terminate();
        }
        for (EdgeProcess e : edges) {
            try {
                e.exitStatus();
            } catch (AssertionError stuck) {
                // close() below kills it
            }
            e.close();
        }
        for (String ns : namespaces.reversed()) {
            new ProcessBuilder("ip", "netns", "del", ns).redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
        }
        Path etc = Path.of("/etc/netns");
        if (!etcNetnsExisted && Files.isDirectory(etc)) {
            try (var rest = Files.list(etc)) {
                if (rest.findAny().isEmpty()) {
                    Files.delete(etc);
                }
            }
        }
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
