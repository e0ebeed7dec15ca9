package io.edgeplane.edge.node;

import io.edgeplane.conf.ConfigFiles;
import io.edgeplane.edge.disk.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Remembers the SHA-256 of the service.yml and inventory.yml texts last applied to the registry
 * ({@code <state dir>/files.sha256}), so that the files are applied at start and on reload only
 * when their text changed since: changes made through the API survive a restart, and an edited
 * file still wins.
 *
 * <p>It is written after the registry committed, never before: a crash in between only means
 * the same files are applied once more at the next start, which commits nothing new.
 */
final class AppliedFiles {

    static final String NAME = "files.sha256";

    private final Path file;

    AppliedFiles(Path stateDir) {
        this.file = stateDir.resolve(NAME);
    }

    /** The digest of the files' texts as they are now (a missing file counts as its own text). */
    static String digest(ConfigFiles files) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path p : new Path[] {files.services(), files.inventory()}) {
                byte[] text;
                try {
                    text = Files.readAllBytes(p);
                } catch (NoSuchFileException e) {
                    text = null;
                } catch (IOException e) {
                    // Unreadable: never equal to what was applied, so the load reports it.
                    return "unreadable " + System.nanoTime();
                }
                sha.update((text == null ? "missing" : "text " + text.length + "\n").getBytes(StandardCharsets.US_ASCII));
                if (text != null) {
                    sha.update(text);
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** True when {@code digest} is that of the texts last applied. */
    boolean isLastApplied(String digest) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).strip().equals(digest);
        } catch (IOException e) {
            return false;
        }
    }

    void remember(String digest) throws IOException {
        AtomicFile.write(file, (digest + "\n").getBytes(StandardCharsets.US_ASCII));
    }
}
