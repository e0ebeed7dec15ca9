package io.edgeplane.edge.overlay;

import io.edgeplane.edge.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One short {@code edge} command as its own process, with bytes on its stdin, optionally inside a namespace. */
record EdgeCli(int status, String out, String err) {

    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    static EdgeCli run(Path dir, byte[] stdin, String... args) throws IOException, InterruptedException {
        return command(dir, stdin, javaCommand(null, args));
    }

    /** {@code ip netns exec ns java ... Main args}. */
    static EdgeCli runIn(String netns, Path dir, String... args) throws IOException, InterruptedException {
        return command(dir, new byte[0], javaCommand(netns, args));
    }

    static List<String> javaCommand(String netns, String... args) {
        List<String> cmd = new ArrayList<>();
        if (netns != null) {
            cmd.addAll(List.of("ip", "netns", "exec", netns));
        }
        cmd.addAll(List.of(JAVA, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    static EdgeCli command(Path dir, byte[] stdin, List<String> cmd) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        try (var in = p.getOutputStream()) {
            in.write(stdin);
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(String.join(" ", cmd) + ": still running after 60 s");
        }
        EdgeCli r = new EdgeCli(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return r;
    }

    @Override
    public String toString() {
        return "exit " + status + "\nstdout: " + out + "\nstderr: " + err;
    }
}
