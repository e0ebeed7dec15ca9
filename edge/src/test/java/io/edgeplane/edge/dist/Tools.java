package io.edgeplane.edge.dist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the system tools the packaging tests use (tar, dpkg-deb, unshare), bounded in time. */
final class Tools {

    /** What a command did: its exit status and its output (stdout and stderr together). */
    record Result(int status, String output) {
    }

    private Tools() {
    }

    static boolean installed(String tool) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    }

    static Result run(Path dir, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = builder.start();
        p.getOutputStream().close();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + ": still running after 120 s");
        }
        return new Result(p.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    /** Runs a command that must succeed; returns its output. */
    static String ok(Path dir, String... command) throws IOException, InterruptedException {
        Result r = run(dir, List.of(command));
        if (r.status() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + r.status() + ":\n" + r.output());
        }
        return r.output();
    }

    static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }
}
