package io.edgeplane.edge.follow;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * How a follower knows it talks to its central over https: the certificate chains to
 * {@code central.ca_file} (PEM; the host name or IP of {@code central.url} must match it), or the
 * certificate's SHA-256 fingerprint is {@code central.pin} (hex, colons allowed, or base64; the
 * pin alone is the identity, so no name check). Without either, the JDK's trusted CAs decide.
 */
public final class CentralTrust {

    private CentralTrust() {
    }

    /** The TLS context for the central, or null for the JDK's defaults. */
    public static SSLContext context(Path caFile, String pin) throws IOException {
        try {
            X509TrustManager ca = caFile == null ? null : caTrust(caFile);
            TrustManager trust = pin != null ? new Pinned(fingerprint(pin), ca) : ca;
            if (trust == null) {
                return null;
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trust}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS to the central: " + e.getMessage(), e);
        }
    }

    private static X509TrustManager caTrust(Path caFile) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int n = 0;
        try (InputStream in = Files.newInputStream(caFile)) {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + n++, c);
            }
        }
        if (n == 0) {
            throw new IOException("central.ca_file " + caFile + " holds no PEM certificate");
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager t : factory.getTrustManagers()) {
            if (t instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    /** The 32 bytes of a pin written in hex (colons allowed) or base64, optionally after {@code sha256:} or {@code sha256/}. */
    static byte[] fingerprint(String pin) throws IOException {
        String p = pin.strip();
        String lower = p.toLowerCase(Locale.ROOT);
        if (lower.startsWith("sha256:") || lower.startsWith("sha256/")) {
            p = p.substring(7);
        }
        String hex = p.replace(":", "");
        try {
            byte[] bytes = hex.length() == 64 ? HexFormat.of().parseHex(hex) : Base64.getDecoder().decode(p);
            if (bytes.length == 32) {
                return bytes;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new IOException("central.pin \"" + pin + "\" is not a SHA-256 fingerprint (64 hex digits, colons"
                + " allowed, or 44 characters of base64)");
    }

    /** Accepts exactly the pinned certificate (and, with a CA file, only if it also chains to it). */
    private static final class Pinned extends X509ExtendedTrustManager {
        private final byte[] pin;
        private final X509TrustManager ca;

        Pinned(byte[] pin, X509TrustManager ca) {
            this.pin = pin;
            this.ca = ca;
        }

        private void check(X509Certificate[] chain, String authType) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("the central sent no certificate");
            }
            byte[] actual;
            try {
                actual = MessageDigest.getInstance("SHA-256").digest(chain[0].getEncoded());
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new CertificateException(e);
            }
            if (!MessageDigest.isEqual(pin, actual)) {
                throw new CertificateException("the central's certificate has SHA-256 fingerprint "
                        + HexFormat.ofDelimiter(":").withUpperCase().formatHex(actual) + ", not the central.pin");
            }
            if (ca != null) {
                ca.checkServerTrusted(chain, authType);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            check(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            check(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a follower does not accept clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
