package io.edgeplane.conf.registry;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The registry's file on disk. A short text header, a blank line, then service.yml and
 * inventory.yml texts back to back:
 * <pre>
 * edge-state 1
 * revision 7
 * services 1234
 * inventory 567
 * sha256 9f86d0...
 *
 * services:
 *   ...
 * </pre>
 * The byte counts find the end of each text and reveal truncation; the SHA-256 covers the four
 * lines above it and both texts, so any flipped byte is caught. It is replaced only by writing a
 * temporary file, syncing it, renaming it over the old one and syncing the directory, so after a
 * crash the file holds either the old revision or the new one, whole.
 */
final class StateFile {

    static final String NAME = "registry.state";
    private static final String MAGIC = "edge-state 1";

    /** What the file holds: a revision and the two texts as {@code ConfigWriter} wrote them. */
    record Contents(long revision, String services, String inventory) {
    }

    private final Path dir;
    private final Path file;

    StateFile(Path dir) {
        this.dir = dir;
        this.file = dir.resolve(NAME);
    }

    Path path() {
        return file;
    }

    boolean exists() {
        return Files.exists(file);
    }

    Contents read() throws IOException {
        return decode(file, Files.readAllBytes(file));
    }

    void write(Contents contents) throws IOException {
        Path temporary = dir.resolve(NAME + ".tmp");
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(encode(contents));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(dir);
    }

    /** Makes a rename or a creation in {@code directory} durable (Linux fsyncs a directory opened for reading). */
    static void syncDirectory(Path directory) throws IOException {
        try (FileChannel d = FileChannel.open(directory, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    static byte[] encode(Contents contents) {
        byte[] services = contents.services().getBytes(StandardCharsets.UTF_8);
        byte[] inventory = contents.inventory().getBytes(StandardCharsets.UTF_8);
        byte[] header = (MAGIC + "\nrevision " + contents.revision() + "\nservices " + services.length
                + "\ninventory " + inventory.length + "\n").getBytes(StandardCharsets.US_ASCII);
        String sum = "sha256 " + HexFormat.of().formatHex(sha256(header, services, inventory)) + "\n\n";
        return concat(header, sum.getBytes(StandardCharsets.US_ASCII), services, inventory);
    }

    static Contents decode(Path file, byte[] bytes) throws DamagedStateException {
        if (bytes.length == 0) {
            throw new DamagedStateException(file, "it is empty (truncated)");
        }
        int headerEnd = indexOf(bytes, "\n\n".getBytes(StandardCharsets.US_ASCII));
        if (headerEnd < 0) {
            throw new DamagedStateException(file, "it ends inside its header (truncated)");
        }
        // ISO-8859-1 maps bytes to chars one to one, so a damaged header still decodes to show it.
        String[] lines = new String(bytes, 0, headerEnd, StandardCharsets.ISO_8859_1).split("\n", -1);
        if (!lines[0].equals(MAGIC)) {
            throw new DamagedStateException(file, lines[0].startsWith("edge-state ")
                    ? "its format \"" + lines[0] + "\" is not one this edge reads (written by a newer edge?)"
                    : "it does not start with \"" + MAGIC + "\" (not a state file, or damaged)");
        }
        if (lines.length != 5) {
            throw new DamagedStateException(file, "its header has " + lines.length + " lines instead of 5");
        }
        long revision = number(file, lines, 1, "revision");
        long servicesLength = number(file, lines, 2, "services");
        long inventoryLength = number(file, lines, 3, "inventory");
        String sum = field(file, lines, 4, "sha256");
        int bodyStart = headerEnd + 2;
        long announced = servicesLength + inventoryLength;
        long present = bytes.length - bodyStart;
        if (present != announced) {
            throw new DamagedStateException(file, present < announced
                    ? "it is truncated: the header announces " + announced + " bytes of configuration, "
                    + present + " are there"
                    : "it holds " + present + " bytes of configuration where the header announces " + announced);
        }
        int checksummed = indexOf(bytes, "\nsha256 ".getBytes(StandardCharsets.US_ASCII)) + 1;
        byte[] expected = sha256(Arrays.copyOfRange(bytes, 0, checksummed),
                Arrays.copyOfRange(bytes, bodyStart, bytes.length));
        if (!HexFormat.of().formatHex(expected).equals(sum)) {
            throw new DamagedStateException(file, "it does not match its SHA-256 checksum (its content was"
                    + " altered or damaged)");
        }
        int servicesEnd = bodyStart + (int) servicesLength;
        return new Contents(revision, utf8(file, bytes, bodyStart, servicesEnd), utf8(file, bytes, servicesEnd,
                bytes.length));
    }

    private static String field(Path file, String[] lines, int index, String key) throws DamagedStateException {
        String line = lines[index];
        if (!line.startsWith(key + " ")) {
            throw new DamagedStateException(file, "header line " + (index + 1) + " should start with \"" + key
                    + " \" but is \"" + line + "\"");
        }
        return line.substring(key.length() + 1);
    }

    private static long number(Path file, String[] lines, int index, String key) throws DamagedStateException {
        String value = field(file, lines, index, key);
        try {
            long n = Long.parseLong(value);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the line
        }
        throw new DamagedStateException(file, "header line " + (index + 1) + " should be \"" + key
                + " <number>\" but is \"" + lines[index] + "\"");
    }

    private static String utf8(Path file, byte[] bytes, int from, int to) throws DamagedStateException {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            throw new DamagedStateException(file, "its configuration is not UTF-8 text");
        }
    }

    private static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        ByteBuffer all = ByteBuffer.allocate(length);
        for (byte[] part : parts) {
            all.put(part);
        }
        return all.array();
    }

    private static int indexOf(byte[] bytes, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= bytes.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
