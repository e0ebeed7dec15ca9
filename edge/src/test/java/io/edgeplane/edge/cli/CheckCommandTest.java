package io.edgeplane.edge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeplane.edge.ConfigTexts;
import io.edgeplane.edge.EdgeProcess;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code edge check} as a user runs it: its own process, its exit status, its stderr. */
class CheckCommandTest {

    @TempDir
    Path dir;

    @Test
    void goodConfigurationIsOk() throws Exception {
        ConfigTexts.write(dir, ConfigTexts.GOOD_SERVICES);
        try (EdgeProcess edge = EdgeProcess.main(dir, "check", "-c", "edge.yml", "--services", "service.yml",
                "--inventory", "inventory.yml")) {
            assertEquals(ExitStatus.OK, edge.exitStatus(), edge.stderr());
            assertEquals("edge: configuration edge.yml service.yml inventory.yml is ok", edge.stderr());
        }
    }

    @Test
    void badConfigurationFailsWithLocatedErrors() throws Exception {
        ConfigTexts.write(dir, ConfigTexts.BAD_SERVICES);
        // Without options: edge.yml in the working directory, the other two beside it.
        try (EdgeProcess edge = EdgeProcess.main(dir, "check")) {
            assertEquals(ExitStatus.INVALID_INPUT, edge.exitStatus(), edge.stderr());
            String err = edge.stderr();
            assertTrue(err.contains("service.yml:3:") && err.contains("\"3000:80:443:1\""), err);
            assertTrue(err.contains("service.yml:5:") && err.contains("load_balancing") && err.contains("roundrobin"),
                    err);
            assertTrue(err.endsWith(" test failed: 2 errors"), err);
            assertTrue(err.lines().toList().getLast().startsWith("edge: configuration edge.yml "), err);
        }
    }

    @Test
    void unknownOptionIsInvalidInput() throws Exception {
        try (EdgeProcess edge = EdgeProcess.main(dir, "check", "--servises", "service.yml")) {
            assertEquals(ExitStatus.INVALID_INPUT, edge.exitStatus(), edge.stderr());
            assertTrue(edge.stderr().contains("--servises"), edge.stderr());
        }
    }
}
