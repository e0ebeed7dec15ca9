package io.edgeplane.edge.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.edgeplane.edge.cli.ExitStatus;
import io.edgeplane.overlay.keys.WgKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code edge overlay keygen | pubkey | genpsk} as processes, and the pubkey input rules checked
 * against {@code wg pubkey} itself when wg is installed (a visible skip otherwise).
 */
@Timeout(120)
class KeyCommandsTest {

    @TempDir
    Path dir;

    @Test
    void keygenPipedIntoPubkeyGivesWhatWgGives() throws Exception {
        EdgeCli keygen = EdgeCli.run(dir, new byte[0], "overlay", "keygen");
        assertEquals(ExitStatus.OK, keygen.status(), keygen.toString());
        assertTrue(keygen.out().matches("[A-Za-z0-9+/]{43}=\n"), keygen.out());
        byte[] key = Base64.getDecoder().decode(keygen.out().strip());
        assertEquals(0, key[0] & 7, "clamped");
        assertEquals(0x40, key[31] & 0xc0, "clamped");

        EdgeCli pubkey = EdgeCli.run(dir, keygen.out().getBytes(StandardCharsets.US_ASCII), "overlay", "pubkey");
        assertEquals(ExitStatus.OK, pubkey.status(), pubkey.toString());
        assertEquals(WgKeys.pubkey(keygen.out()) + "\n", pubkey.out());
        if (wgInstalled()) {
            assertEquals(wg(keygen.out().getBytes(StandardCharsets.US_ASCII)).out(), pubkey.out(), "as wg pubkey");
        }

        EdgeCli bad = EdgeCli.run(dir, "not a key\n".getBytes(StandardCharsets.US_ASCII), "overlay", "pubkey");
        assertEquals(ExitStatus.INVALID_INPUT, bad.status(), bad.toString());
        assertEquals("edge overlay pubkey: Key is not the correct length or format\n", bad.err());
        assertEquals("", bad.out());
    }

    @Test
    void keygenOutWritesAPrivateFileAndPrintsThePublicKey() throws Exception {
        Path file = dir.resolve("keys/overlay.key");
        EdgeCli r = EdgeCli.run(dir, new byte[0], "overlay", "keygen", "--out", file.toString());
        assertEquals(ExitStatus.OK, r.status(), r.toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String key = Files.readString(file);
        assertEquals(WgKeys.pubkey(key) + "\n", r.out());

        EdgeCli again = EdgeCli.run(dir, new byte[0], "overlay", "keygen", "--out", file.toString());
        assertEquals(ExitStatus.INVALID_INPUT, again.status(), again.toString());
        assertTrue(again.err().contains("exists; it is kept"), again.err());
        assertEquals(key, Files.readString(file), "an existing key is never replaced without --force");

        EdgeCli psk = EdgeCli.run(dir, new byte[0], "overlay", "genpsk");
        assertEquals(ExitStatus.OK, psk.status(), psk.toString());
        assertEquals(32, Base64.getDecoder().decode(psk.out().strip()).length);
    }

    /** Every input wg accepts or refuses, edge accepts or refuses the same way, with the same words. */
    @Test
    void pubkeyInputRulesAreWgs() throws Exception {
        assumeTrue(wgInstalled(), "wg is not installed: the comparison with wg pubkey is skipped");
        String key = WgKeys.genkey();
        byte[] raw = new byte[32];
        ThreadLocalRandom.current().nextBytes(raw);
        String unclamped = Base64.getEncoder().encodeToString(raw);
        char last = key.charAt(42);
        String nonCanonical = key.substring(0, 42) + "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
                .charAt(("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".indexOf(last) & ~3) | 1) + "=";
        List<String> inputs = new ArrayList<>(List.of(key + "\n", key, key + "  \n\n", unclamped + "\n",
                " " + key, key + "xx", key.substring(0, 43) + "A", key.substring(0, 40), "", "garbage\n",
                nonCanonical + "\n", key.replace('+', '-').replace('/', '_'), key + "\0\n", key.substring(0, 43) + "\n"));
        for (String input : inputs) {
            byte[] bytes = input.getBytes(StandardCharsets.ISO_8859_1);
            EdgeCli wg = wg(bytes);
            WgKeyText.Parsed parsed = WgKeyText.parse(bytes);
            String shown = input.replace("\n", "\\n").replace("\0", "\\0");
            if (wg.status() == 0) {
                assertEquals(null, parsed.error(), "wg accepts [" + shown + "]");
                assertEquals(wg.out().strip(), WgKeys.pubkey(parsed.key()), "[" + shown + "]");
            } else {
                assertNotEquals(null, parsed.error(), "wg refuses [" + shown + "]: " + wg.err());
                assertEquals(wg.err().strip(), "wg: " + parsed.error(), "[" + shown + "]");
            }
        }
    }

    private EdgeCli wg(byte[] stdin) throws Exception {
        return EdgeCli.command(dir, stdin, List.of("wg", "pubkey"));
    }

    private static boolean wgInstalled() {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, "wg"))) {
                return true;
            }
        }
        System.out.println("KeyCommandsTest: wg is not installed; no comparison with wg pubkey");
        return false;
    }
}
