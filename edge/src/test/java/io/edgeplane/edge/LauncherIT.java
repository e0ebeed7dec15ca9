package io.edgeplane.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeplane.edge.cli.ExitStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged distribution's {@code bin/edge} (target/dist, built by {@code package}) finds its
 * Java and jars and runs {@code check}. Run by failsafe, after {@code package}.
 */
class LauncherIT {

    private static final Path LAUNCHER = Path.of(System.getProperty("edge.dist", "target/dist"), "bin", "edge")
            .toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void checksAGoodConfiguration() throws Exception {
        ConfigTexts.write(dir, ConfigTexts.GOOD_SERVICES);
        try (EdgeProcess edge = EdgeProcess.start(dir, List.of(LAUNCHER.toString(), "check", "-c", "edge.yml",
                "--services", "service.yml", "--inventory", "inventory.yml"))) {
            assertEquals(ExitStatus.OK, edge.exitStatus(), edge.stderr());
            assertEquals("edge: configuration edge.yml service.yml inventory.yml is ok", edge.stderr());
        }
    }

    @Test
    void checksABadConfiguration() throws Exception {
        ConfigTexts.write(dir, ConfigTexts.BAD_SERVICES);
        try (EdgeProcess edge = EdgeProcess.start(dir, List.of(LAUNCHER.toString(), "check", "--services",
                dir.resolve("service.yml").toString()))) {
            assertEquals(ExitStatus.INVALID_INPUT, edge.exitStatus(), edge.stderr());
            assertTrue(edge.stderr().contains(dir.resolve("service.yml") + ":3:"), edge.stderr());
            assertTrue(edge.stderr().contains("test failed: 2 errors"), edge.stderr());
        }
    }

    @Test
    void readsTheJvmFlagsOfTheDistribution() throws Exception {
        String options = Files.readString(LAUNCHER.getParent().resolveSibling("lib").resolve("jvm.options"));
        assertTrue(options.contains("--enable-native-access=ALL-UNNAMED"), options);
        // With the flags on the command line, JDK 25 prints no native-access warning at start.
        ConfigTexts.write(dir, ConfigTexts.GOOD_SERVICES);
        try (EdgeProcess edge = EdgeProcess.start(dir, List.of(LAUNCHER.toString(), "--version"))) {
            assertEquals(ExitStatus.OK, edge.exitStatus(), edge.stderr());
            assertEquals("", edge.stderr());
        }
    }
}
