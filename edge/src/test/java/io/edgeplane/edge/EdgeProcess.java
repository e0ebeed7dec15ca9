package io.edgeplane.edge;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * An {@code edge} started as its own process, with its stderr (where edge logs and reports)
 * collected line by line so a test can wait for a line to appear. Close it to be sure it is gone.
 */
public final class EdgeProcess implements AutoCloseable {

    private final Process process;
    private final List<String> stderr = new ArrayList<>();
    private final Thread pump;

    private EdgeProcess(Process process) {
        this.process = process;
        this.pump = Thread.ofPlatform().daemon().start(this::pump);
    }

    /** {@code java -cp <this test's classpath> io.edgeplane.edge.Main args...} in {@code dir}. */
    public static EdgeProcess main(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return start(dir, command);
    }

    /** Runs {@code edge args...} to its end and returns its standard output; fails on a non-zero exit. */
    public static String mainOutput(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Path out = java.nio.file.Files.createTempFile(dir, "out", ".txt");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("edge " + String.join(" ", args) + " still running after 60 s");
        }
        String text = java.nio.file.Files.readString(out);
        if (p.exitValue() != 0) {
            throw new AssertionError("edge " + String.join(" ", args) + " exited " + p.exitValue() + "; output:\n" + text);
        }
        return text;
    }

    /** Any command, e.g. the distribution's {@code bin/edge}, with JAVA_HOME set to this test's Java. */
    public static EdgeProcess start(Path dir, List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        return new EdgeProcess(builder.start());
    }

    private void pump() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (stderr) {
                    stderr.add(line);
                    stderr.notifyAll();
                }
            }
        } catch (IOException e) {
            // closed by close(): the test is over
        }
    }

    public long pid() {
        return process.pid();
    }

    /** Waits for a line of stderr that matches, starting at line {@code from}; returns its index. */
    public int awaitLine(int from, Predicate<String> matching, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        synchronized (stderr) {
            int next = from;
            while (true) {
                for (; next < stderr.size(); next++) {
                    if (matching.test(stderr.get(next))) {
                        return next;
                    }
                }
                long left = Duration.between(Instant.now(), deadline).toMillis();
                if (left <= 0) {
                    throw new AssertionError("no such line within " + timeout + "; stderr so far:\n" + stderr());
                }
                stderr.wait(left);
            }
        }
    }

    public int awaitLine(int from, String containing) throws InterruptedException {
        return awaitLine(from, line -> line.contains(containing), Duration.ofSeconds(30));
    }

    /** Waits for the process to end and its stderr to be read; returns the exit status. */
    public int exitStatus() throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("still running after 60 s; stderr so far:\n" + stderr());
        }
        pump.join(Duration.ofSeconds(10));
        return process.exitValue();
    }

    public String stderr() {
        synchronized (stderr) {
            return String.join("\n", stderr);
        }
    }

    /**
     * SIGTERM, like systemd's stop. Through the ProcessHandle: {@code Process.destroy()} sends
     * the same signal but also closes our end of stderr, losing what edge logs while stopping.
     */
    public void terminate() {
        process.toHandle().destroy();
    }

    public void signal(String name) throws IOException, InterruptedException {
        int status = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
        if (status != 0) {
            throw new AssertionError("kill -" + name + " " + process.pid() + " exited " + status);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
