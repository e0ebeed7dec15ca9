package io.edgeplane.overlay.keys;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WgKeysTest {

    @Test
    void pubkeyMatchesRfc7748AndKeysLookLikeWgs() {
        // RFC 7748 6.1, Alice, written the way wg writes keys
        String alice = Base64.getEncoder().encodeToString(io.edgeplane.overlay.crypto.Hex.bytes(
                "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
        assertEquals(Base64.getEncoder().encodeToString(io.edgeplane.overlay.crypto.Hex.bytes(
                "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a")), WgKeys.pubkey(alice + "\n"));
        String k = WgKeys.genkey();
        assertEquals(44, k.length());
        byte[] raw = Base64.getDecoder().decode(k);
        assertEquals(0, raw[0] & 7, "clamped");
        assertEquals(0x40, raw[31] & 0xc0, "clamped");
        assertThrows(IllegalArgumentException.class, () -> WgKeys.pubkey("not a key"));
    }

    @Test
    void agreesWithWgWhenInstalled() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/wg")), "wg not installed");
        String priv = WgKeys.genkey();
        Process p = new ProcessBuilder("wg", "pubkey").start();
        p.getOutputStream().write((priv + "\n").getBytes());
        p.getOutputStream().close();
        assertTrue(p.waitFor(5, TimeUnit.SECONDS));
        assertEquals(new String(p.getInputStream().readAllBytes()).trim(), WgKeys.pubkey(priv));
        Process g = new ProcessBuilder("wg", "genkey").start();
        assertTrue(g.waitFor(5, TimeUnit.SECONDS));
        String wgKey = new String(g.getInputStream().readAllBytes()).trim();
        assertArrayEquals(Base64.getDecoder().decode(wgKey), WgKeys.decode(wgKey));
    }

    @Test
    void keyFilesAre0600AndNotSilentlyReplaced(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("sub/overlay.key");
        String k = WgKeys.genkey();
        WgKeys.writeSecretFile(f, k, false);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertArrayEquals(Base64.getDecoder().decode(k), WgKeys.readPrivateKey(f));
        assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> WgKeys.writeSecretFile(f, k, false));
        WgKeys.writeSecretFile(f, WgKeys.genkey(), true);
        try (var files = Files.list(f.getParent())) {
            assertEquals(1, files.count(), "no temp file left behind");
        }
    }

    @Test
    void presharedKeyFileTakesAKeyOrAPassphrase(@TempDir Path dir) throws Exception {
        Path psk = dir.resolve("psk");
        String key = WgKeys.genpsk();
        Files.writeString(psk, key + "\n");
        assertArrayEquals(Base64.getDecoder().decode(key), WgKeys.readPresharedKey(psk));
        Files.writeString(psk, "correct horse battery staple\n");
        assertEquals(32, WgKeys.readPresharedKey(psk).length);
    }
}
