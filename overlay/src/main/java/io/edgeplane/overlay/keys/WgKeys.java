package io.edgeplane.overlay.keys;

import io.edgeplane.overlay.crypto.Blake2s;
import io.edgeplane.overlay.crypto.X25519;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * What {@code wg genkey}, {@code wg pubkey} and {@code wg genpsk} do, so {@code edge overlay
 * keygen | pubkey} prints byte-for-byte what wg would: base64 (with padding) of 32 raw bytes,
 * private keys clamped. Key files are created 0600 before any secret is written into them.
 */
public final class WgKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private WgKeys() {
    }

    /** {@code wg genkey}: a new clamped private key, base64. */
    public static String genkey() {
        return encode(X25519.generatePrivateKey());
    }

    /** {@code wg genpsk}: 32 random bytes, base64 (not clamped). */
    public static String genpsk() {
        byte[] k = new byte[32];
        RANDOM.nextBytes(k);
        return encode(k);
    }

    /** {@code wg pubkey}: the public key of the base64 private key on {@code privateKeyText} (whitespace ignored). */
    public static String pubkey(String privateKeyText) {
        return encode(X25519.publicKey(decode(privateKeyText)));
    }

    public static String encode(byte[] key) {
        return Base64.getEncoder().encodeToString(key);
    }

    /** Decodes a base64 key, refusing anything but 32 bytes (wg's "Key is not the correct length or format"). */
    public static byte[] decode(String text) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Key is not the correct length or format");
        }
        if (key.length != 32 || text.strip().length() != 44) {
            throw new IllegalArgumentException("Key is not the correct length or format");
        }
        return key;
    }

    public static byte[] readPrivateKey(Path file) throws IOException {
        return decode(Files.readString(file, StandardCharsets.US_ASCII));
    }

    /**
     * The overlay's pre-shared key from the secret file: a {@code wg genpsk} key is used as is;
     * any other content (a passphrase) becomes HASH(content), and {@code edge overlay status}
     * should print the derived key so another WireGuard peer can be given it.
     */
    public static byte[] readPresharedKey(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        try {
            return decode(text);
        } catch (IllegalArgumentException notAKey) {
            return Blake2s.hash(text.strip().getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Writes {@code text} and a newline to {@code file} with mode 0600 from the first byte:
     * the file is created 0600 beside the target and moved into place. Refuses to replace an
     * existing file unless {@code overwrite}.
     */
    public static void writeSecretFile(Path file, String text, boolean overwrite) throws IOException {
        Path target = file.toAbsolutePath();
        if (!overwrite && Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(tmp, text + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
