package io.edgeplane.edge.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeplane.edge.ConfigTexts;
import io.edgeplane.edge.EdgeProcess;
import io.edgeplane.edge.cli.ExitStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code edge run} with the overlay on and no key: the overlay part says what to do and the node does not start. */
@Timeout(120)
class OverlayPartStartTest {

    @TempDir
    Path dir;

    @Test
    void aMissingKeyFileStopsTheNodeWithExit2AndSaysHowToMakeOne() throws Exception {
        ConfigTexts.write(dir, ConfigTexts.GOOD_SERVICES);
        // no public port: nothing else listens before the overlay part is reached
        Files.writeString(dir.resolve("service.yml"), "services:\n  web:\n    ports: [\"3000\"]\n");
        Files.writeString(dir.resolve("inventory.yml"), "servers:\n  - {name: web-1, address: 10.0.0.11}\n");
        Files.writeString(dir.resolve("edge.yml"), Files.readString(dir.resolve("edge.yml"))
                + "overlay: {enabled: true, private_key_file: missing.key}\n");
        try (EdgeProcess edge = EdgeProcess.main(dir, "run")) {
            assertEquals(ExitStatus.RUNTIME_FAILURE, edge.exitStatus(), edge.stderr());
            assertTrue(edge.stderr().contains("overlay cannot start: overlay.private_key_file"), edge.stderr());
            assertTrue(edge.stderr().contains("create it with `edge overlay keygen`"), edge.stderr());
        }
    }
}
