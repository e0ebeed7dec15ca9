package io.edgeplane.edge.demo;

import io.edgeplane.edge.Main;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code edge demo} as its own process: stdout (the guide) collected line by line, stderr kept
 * for failure messages, stdin open to press Enter. Close it to be sure it is gone.
 */
final class DemoProcess implements AutoCloseable {

    private final Process process;
    private final List<String> out = new ArrayList<>();
    private final List<String> err = new ArrayList<>();
    private final Thread outPump;
    private final Thread errPump;

    private DemoProcess(Process process) {
        this.process = process;
        this.outPump = Thread.ofPlatform().daemon().start(() -> pump(process.getInputStream(), out));
        this.errPump = Thread.ofPlatform().daemon().start(() -> pump(process.getErrorStream(), err));
    }

    static DemoProcess start(Path dir, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "demo"));
        command.addAll(args);
        return new DemoProcess(new ProcessBuilder(command).directory(dir.toFile()).start());
    }

    private void pump(InputStream stream, List<String> lines) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (this) {
                    lines.add(line);
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
    }

    /** Waits for a stdout line from index {@code from} on that matches; returns its index. */
    synchronized int awaitLine(int from, Predicate<String> matching, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        int next = from;
        while (true) {
            for (; next < out.size(); next++) {
                if (matching.test(out.get(next))) {
                    return next;
                }
            }
            long left = Duration.between(Instant.now(), deadline).toMillis();
            if (left <= 0 || !process.isAlive() && next >= out.size()) {
                throw new AssertionError("no such line within " + timeout + "; " + transcript());
            }
            wait(Math.min(left, 500));
        }
    }

    int awaitLine(int from, String containing) throws InterruptedException {
        return awaitLine(from, line -> line.contains(containing), Duration.ofSeconds(60));
    }

    synchronized List<String> lines(int from, int to) {
        return List.copyOf(out.subList(from, to));
    }

    void pressEnter() throws IOException {
        OutputStream in = process.getOutputStream();
        in.write('\n');
        in.flush();
    }

    synchronized String transcript() {
        return "stdout:\n" + String.join("\n", out) + "\nstderr:\n" + String.join("\n", err);
    }

    /** SIGTERM (as Ctrl-C's SIGINT, which a background process may have ignored), then the exit status. */
    int terminate() throws InterruptedException {
        process.toHandle().destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("still running 30 s after SIGTERM; " + transcript());
        }
        outPump.join(Duration.ofSeconds(5));
        errPump.join(Duration.ofSeconds(5));
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
