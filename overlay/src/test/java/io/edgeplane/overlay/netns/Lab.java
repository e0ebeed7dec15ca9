package io.edgeplane.overlay.netns;


import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Two "servers" as network namespaces joined by a veth pair (underlay 198.18.0.1 and .2), and
 * every process started in them. {@link #close()} kills the processes and deletes both
 * namespaces (which takes the veth and TUN interfaces with them) and the temp directory.
 */
final class Lab implements AutoCloseable {

    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    final String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
    final String nsA = "ep-a-" + suffix;
    final String nsB = "ep-b-" + suffix;
    final String vethA = "epa" + suffix;
    final String vethB = "epb" + suffix;
    final String underlayA = "198.18.0.1";
    final String underlayB = "198.18.0.2";
    final Path dir;
    private final List<Process> processes = Collections.synchronizedList(new ArrayList<>());
    private boolean nsCreated;
    private final List<String> extraNamespaces = new ArrayList<>();


    Lab() throws IOException {
        dir = Files.createTempDirectory("edge-overlay-" + suffix);
        sh("ip", "netns", "add", nsA);
        nsCreated = true;
        sh("ip", "netns", "add", nsB);
        // made directly inside the namespaces: nothing appears in the host's namespace
        sh("ip", "link", "add", vethA, "netns", nsA, "type", "veth", "peer", "name", vethB, "netns", nsB);
        for (String[] n : new String[][] {{nsA, vethA, underlayA}, {nsB, vethB, underlayB}}) {
            // no IPv6 on the underlay: the capture then holds only what the overlay sent
            sh("ip", "netns", "exec", n[0], "sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1");
            sh("ip", "netns", "exec", n[0], "sysctl", "-q", "-w", "net.ipv6.conf.default.disable_ipv6=1");
            sh("ip", "-n", n[0], "addr", "add", n[2] + "/24", "dev", n[1]);
            sh("ip", "-n", n[0], "link", "set", n[1], "up");
            sh("ip", "-n", n[0], "link", "set", "lo", "up");
        }
    }

    /** One more namespace (a container), deleted with the lab. */
    String namespace(String role) throws IOException {
        String ns = "ep-" + role + "-" + suffix;
        sh("ip", "netns", "add", ns);
        extraNamespaces.add(ns);
        return ns;
    }

    static String sh(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + ": timed out");
            }
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " exited " + p.exitValue() + ": " + out);
        }
        return out;
    }

    /** Runs a command in a namespace and returns its exit code (output kept for messages). */
    int run(String ns, StringBuilder output, String... cmd) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(List.of(cmd));
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        output.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        return p.exitValue();
    }

    Process start(String ns, Map<String, String> env, ProcessBuilder.Redirect out, String... cmd) throws IOException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(List.of(cmd));
        ProcessBuilder pb = new ProcessBuilder(full);
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(out);
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    /** An edge overlay node (OverlayNodeMain) in {@code ns}, talked to over stdin/stdout. */
    final class Node implements AutoCloseable {
        final Process process;
        final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final Writer stdin;
        final StringBuilder transcript = new StringBuilder();

        Node(String ns, String... args) throws IOException, InterruptedException {
            List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns, JAVA, "--enable-native-access=ALL-UNNAMED",
                    "-cp", System.getProperty("java.class.path"), "io.edgeplane.overlay.OverlayNodeMain"));
            cmd.addAll(List.of(args));
            process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            processes.add(process);
            stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread.ofPlatform().daemon().start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        synchronized (transcript) {
                            transcript.append(line).append('\n');
                        }
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // process gone
                }
            });
            awaitLine("ready", 20);
        }

        String awaitLine(String prefix, int seconds) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < end) {
                String line = lines.poll(200, TimeUnit.MILLISECONDS);
                if (line != null && line.startsWith(prefix)) {
                    return line;
                }
                if (line == null && !process.isAlive() && lines.isEmpty()) {
                    break;
                }
            }
            throw new AssertionError("no '" + prefix + "' from the node; output:\n" + transcript);
        }

        Map<String, Long> stats() throws IOException, InterruptedException {
            stdin.write("stats\n");
            stdin.flush();
            Map<String, Long> m = new HashMap<>();
            for (String kv : awaitLine("stats", 10).substring(6).split(" ")) {
                int eq = kv.indexOf('=');
                m.put(kv.substring(0, eq), Long.parseLong(kv.substring(eq + 1)));
            }
            return m;
        }

        @Override
        public void close() throws InterruptedException {
            try {
                stdin.write("quit\n");
                stdin.flush();
            } catch (IOException ignored) {
                // already gone
            }
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public void close() throws Exception {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        for (String ns : extraNamespaces) {
            new ProcessBuilder("ip", "netns", "del", ns).redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
        }
        if (nsCreated) {
            Process p1 = new ProcessBuilder("ip", "netns", "del", nsA).redirectErrorStream(true).start();
            Process p2 = new ProcessBuilder("ip", "netns", "del", nsB).redirectErrorStream(true).start();
            p1.waitFor(10, TimeUnit.SECONDS);
            p2.waitFor(10, TimeUnit.SECONDS);
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
