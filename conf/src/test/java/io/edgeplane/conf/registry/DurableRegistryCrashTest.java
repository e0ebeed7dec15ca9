package io.edgeplane.conf.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An acknowledged change survives {@code kill -9}: a child JVM applies, prints {@code ACK n} once
 * apply returned, and is killed the moment the parent reads it.
 */
@Timeout(120)
class DurableRegistryCrashTest {

    @TempDir
    Path dir;

    @Test
    void acknowledgedRevisionSurvivesKill9() throws Exception {
        long acked = runAndKillAfter("once", 1);

        try (DurableRegistry registry = DurableRegistry.open(dir.resolve("state"), SampleConfigs.SETTINGS)) {
            assertEquals(new Snapshot(acked, SampleConfigs.webAndApi(7)), registry.current());
        }
    }

    @Test
    void killDuringAStreamOfChangesKeepsTheLastAcknowledgedRevisionOrALaterOneWhole() throws Exception {
        long acked = runAndKillAfter("stream", 20);

        try (DurableRegistry registry = DurableRegistry.open(dir.resolve("state"), SampleConfigs.SETTINGS)) {
            Snapshot restored = registry.current();
            assertTrue(restored.revision() >= acked, "restored " + restored.revision() + " < acknowledged " + acked);
            assertEquals(SampleConfigs.numbered((int) restored.revision()), restored.config());
        }
    }

    /** Runs the child until it acknowledged {@code revision}, kills it with SIGKILL, returns that revision. */
    private long runAndKillAfter(String mode, long revision) throws IOException, InterruptedException {
        Path errors = dir.resolve("child.err");
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                ApplyUntilKilled.class.getName(), dir.resolve("state").toString(), mode))
                .redirectError(errors.toFile())
                .start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.equals("ACK " + revision)) {
                    child.destroyForcibly();
                    assertTrue(child.waitFor(30, TimeUnit.SECONDS));
                    assertEquals(137, child.exitValue(), "killed by SIGKILL");
                    return revision;
                }
            }
            child.waitFor(30, TimeUnit.SECONDS);
            return fail("the child ended without acknowledging revision " + revision + ":\n"
                    + Files.readString(errors));
        } finally {
            child.destroyForcibly();
        }
    }
}
