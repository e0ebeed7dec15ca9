package io.edgeplane.edge.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeplane.edge.ConfigTexts;
import io.edgeplane.edge.EdgeProcess;
import io.edgeplane.edge.Main;
import io.edgeplane.edge.cli.ExitStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code edge run} as its own process: start, reload on edit and on SIGHUP, stop on SIGTERM. */
@Timeout(120)
class RunCommandTest {

    @TempDir
    Path dir;

    @Test
    void reloadsOnFileChangeAndSighupAndStopsCleanlyOnSigterm() throws Exception {
        ConfigTexts.Ports ports = ConfigTexts.write(dir, ConfigTexts.GOOD_SERVICES);
        try (EdgeProcess edge = EdgeProcess.main(dir, "run")) {
            int line = edge.awaitLine(0, "registry: revision 1: services web, api added");
            line = edge.awaitLine(line, "running at revision 1");
            assertTrue(Files.exists(dir.resolve("state/registry.state")), "state is kept beside service.yml");

            Files.writeString(dir.resolve("service.yml"), ConfigTexts.withPorts(ConfigTexts.GOOD_SERVICES, ports) + """
                      admin:
                        ports: ["5000"]
                    """);
            line = edge.awaitLine(line, "reloading (service.yml changed)");
            line = edge.awaitLine(line, "registry: revision 2: service admin added");

            Files.writeString(dir.resolve("service.yml"), ConfigTexts.BAD_SERVICES);
            line = edge.awaitLine(line, "service.yml:3:");
            line = edge.awaitLine(line, "configuration rejected with 2 errors; still serving revision 2");

            edge.signal("HUP");
            line = edge.awaitLine(line, "reloading (SIGHUP)");
            line = edge.awaitLine(line, "still serving revision 2");

            Files.writeString(dir.resolve("service.yml"), ConfigTexts.withPorts(ConfigTexts.GOOD_SERVICES, ports));
            line = edge.awaitLine(line, "registry: revision 3: service admin removed");
            edge.signal("HUP");
            line = edge.awaitLine(line, "configuration unchanged, still revision 3");

            edge.terminate();
            assertEquals(ExitStatus.OK, edge.exitStatus(), edge.stderr());
            edge.awaitLine(line, "stopping");
        }
    }

    @Test
    void reloadsOnSighupWhenStartedWithItIgnored() throws Exception {
        // nohup (or a supervisor) hands the JVM SIGHUP ignored, and the JVM will not handle an
        // inherited SIG_IGN: before the fix such a node never reloaded on SIGHUP.
        ConfigTexts.write(dir, ConfigTexts.GOOD_SERVICES);
        List<String> command = List.of("nohup", ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run");
        try (EdgeProcess edge = EdgeProcess.start(dir, command)) {
            int line = edge.awaitLine(0, "running at revision 1");
            edge.signal("HUP");
            line = edge.awaitLine(line, "reloading (SIGHUP)");
            edge.awaitLine(line, "configuration unchanged, still revision 1");
            edge.terminate();
            assertEquals(ExitStatus.OK, edge.exitStatus(), edge.stderr());
        }
    }

    @Test
    void restartKeepsTheRevisionWhenTheFilesAreUnchanged() throws Exception {
        ConfigTexts.write(dir, ConfigTexts.GOOD_SERVICES);
        try (EdgeProcess edge = EdgeProcess.main(dir, "run")) {
            edge.awaitLine(0, "running at revision 1");
            edge.terminate();
            assertEquals(ExitStatus.OK, edge.exitStatus(), edge.stderr());
        }
        try (EdgeProcess edge = EdgeProcess.main(dir, "run")) {
            edge.awaitLine(0, "revision 1: configuration unchanged since the last run");
            edge.terminate();
            assertEquals(ExitStatus.OK, edge.exitStatus(), edge.stderr());
        }
    }

    @Test
    void invalidConfigurationAtStartIsExit1() throws Exception {
        ConfigTexts.write(dir, ConfigTexts.BAD_SERVICES);
        try (EdgeProcess edge = EdgeProcess.main(dir, "run")) {
            assertEquals(ExitStatus.INVALID_INPUT, edge.exitStatus(), edge.stderr());
            assertTrue(edge.stderr().contains("test failed with 2 errors; not starting"), edge.stderr());
        }
    }

    @Test
    void damagedStateIsExit2AndTheFileIsLeftAlone() throws Exception {
        ConfigTexts.write(dir, ConfigTexts.GOOD_SERVICES);
        Path state = dir.resolve("state/registry.state");
        Files.createDirectories(state.getParent());
        byte[] damaged = "edge-state 1\nrevision 4\nservices 10\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Files.write(state, damaged);
        try (EdgeProcess edge = EdgeProcess.main(dir, "run")) {
            assertEquals(ExitStatus.RUNTIME_FAILURE, edge.exitStatus(), edge.stderr());
            assertTrue(edge.stderr().contains("state file " + state + " is damaged")
                    && edge.stderr().contains("move it aside"), edge.stderr());
        }
        assertTrue(java.util.Arrays.equals(damaged, Files.readAllBytes(state)));
    }
}
