package io.edgeplane.edge.control;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.function.Predicate;

/**
 * Who may call the API: callers on this host's own loopback address without a token, everyone
 * else with {@code Authorization: Bearer <token>}. Only 127.0.0.1 and ::1 are trusted by
 * default, not all of 127.0.0.0/8: tests stand for other servers with 127.0.0.2 and up, and a
 * tunnel or container runtime may forward foreign traffic from such addresses.
 *
 * <p>Tokens are compared as SHA-256 digests with {@link MessageDigest#isEqual}, so neither their
 * content nor their length leaks through timing.
 */
public final class BearerTokenCheck {

    /** The default for callers that need no token: the loopback address itself, v4 or v6. */
    public static final Predicate<InetAddress> LOOPBACK_HOST = address -> address.isLoopbackAddress()
            && (address.getHostAddress().equals("127.0.0.1") || address.getAddress().length == 16);

    /** The answer for one request. */
    public enum Outcome {
        ALLOWED, MISSING, WRONG, NOT_CONFIGURED
    }

    private static final System.Logger LOG = System.getLogger("control");

    private final Predicate<InetAddress> trustedWithoutToken;
    private final Path file;
    private volatile byte[] tokenDigest;

    /** @param token the expected token, or null when none is configured (then only trusted callers get in) */
    public BearerTokenCheck(String token, Predicate<InetAddress> trustedWithoutToken) {
        this(token, trustedWithoutToken, null);
    }

    private BearerTokenCheck(String token, Predicate<InetAddress> trustedWithoutToken, Path file) {
        this.trustedWithoutToken = trustedWithoutToken;
        this.file = file;
        setToken(token);
    }

    /**
     * The token of {@code control.token_file}; without one (null), only trusted callers get in.
     *
     * @throws IOException when the file is named but cannot be read: a node must not start open
     */
    public static BearerTokenCheck fromFile(Path file, Predicate<InetAddress> trustedWithoutToken) throws IOException {
        if (file == null) {
            return new BearerTokenCheck(null, trustedWithoutToken, null);
        }
        try {
            return new BearerTokenCheck(readTokenFile(file), trustedWithoutToken, file);
        } catch (IOException e) {
            throw new IOException("control.token_file " + file + " cannot be read: " + e, e);
        }
    }

    /** Reads the token file again (on reload), so a token is rotated without a restart; on failure the old one stays. */
    public void reread() {
        if (file == null) {
            return;
        }
        try {
            setToken(readTokenFile(file));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "control.token_file " + file + " cannot be read (" + e
                    + "); keeping the token read before");
        }
    }

    /** Reads a token file: its text without surrounding white space; an empty file is no token. */
    public static String readTokenFile(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? null : text;
    }

    /** Replaces the token (after a reload); null means none. */
    public void setToken(String token) {
        this.tokenDigest = token == null || token.isEmpty() ? null : sha256(token);
    }

    public Outcome check(InetAddress caller, String authorization) {
        if (trustedWithoutToken.test(caller)) {
            return Outcome.ALLOWED;
        }
        byte[] expected = tokenDigest;
        if (expected == null) {
            return Outcome.NOT_CONFIGURED;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Outcome.MISSING;
        }
        byte[] given = sha256(authorization.substring(7).strip());
        return MessageDigest.isEqual(expected, given) ? Outcome.ALLOWED : Outcome.WRONG;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
