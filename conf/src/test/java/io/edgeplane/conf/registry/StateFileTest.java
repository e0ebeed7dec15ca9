package io.edgeplane.conf.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFileTest {

    private static final StateFile.Contents CONTENTS = new StateFile.Contents(42,
            "services:\n  web:\n    ports: [\"3000:80\"]  # caf\u00e9\n", "servers: []\n");
    private static final Path FILE = Path.of("/var/lib/edge/registry.state");

    @Test
    void roundTrips(@TempDir Path dir) throws Exception {
        StateFile file = new StateFile(dir);
        file.write(CONTENTS);

        assertEquals(CONTENTS, file.read());
        assertTrue(Files.readString(file.path()).startsWith("edge-state 1\nrevision 42\n"));
        assertTrue(Files.notExists(dir.resolve(StateFile.NAME + ".tmp")), "the temporary file was renamed");
    }

    @Test
    void everyFlippedByteIsDetected() {
        byte[] good = StateFile.encode(CONTENTS);
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= 0x04;
            int at = i;
            assertThrows(DamagedStateException.class, () -> StateFile.decode(FILE, bad), () -> "byte " + at);
        }
    }

    @Test
    void everyTruncationIsDetected() {
        byte[] good = StateFile.encode(CONTENTS);
        for (int length = 0; length < good.length; length++) {
            byte[] bad = Arrays.copyOf(good, length);
            int at = length;
            assertThrows(DamagedStateException.class, () -> StateFile.decode(FILE, bad), () -> "length " + at);
        }
    }

    @Test
    void reportSaysWhereWhatAndWhatToDo() {
        byte[] bad = StateFile.encode(CONTENTS);
        bad[bad.length - 3] ^= 0x01;

        DamagedStateException e = assertThrows(DamagedStateException.class, () -> StateFile.decode(FILE, bad));

        assertEquals(FILE, e.file());
        assertTrue(e.reason().contains("SHA-256"), e.reason());
        assertTrue(e.getMessage().contains("mv " + FILE + " " + FILE + ".damaged"), e.getMessage());
    }

    @Test
    void truncationIsNamedAsSuch() {
        byte[] good = StateFile.encode(CONTENTS);
        DamagedStateException e = assertThrows(DamagedStateException.class,
                () -> StateFile.decode(FILE, Arrays.copyOf(good, good.length - 10)));
        assertTrue(e.reason().contains("truncated"), e.reason());
    }
}
