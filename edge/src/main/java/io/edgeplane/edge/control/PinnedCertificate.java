package io.edgeplane.edge.control;

import io.edgeplane.edge.follow.CentralTrust;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.HexFormat;
import javax.net.ssl.SSLContext;

/**
 * The CLI talking to its own node over HTTPS trusts exactly the certificate the node serves
 * (control.tls.cert in the same edge.yml), by its SHA-256 fingerprint: no CA to set up, and the
 * address it dials (127.0.0.1) need not be among the certificate's names.
 */
final class PinnedCertificate {

    private PinnedCertificate() {
    }

    static SSLContext trusting(Path certFile) throws IOException {
        try (InputStream in = Files.newInputStream(certFile)) {
            Certificate leaf = CertificateFactory.getInstance("X.509").generateCertificate(in);
            byte[] sha256 = MessageDigest.getInstance("SHA-256").digest(leaf.getEncoded());
            return CentralTrust.context(null, HexFormat.of().formatHex(sha256));
        } catch (GeneralSecurityException e) {
            throw new IOException("control.tls.cert " + certFile + " is not a PEM certificate: " + e.getMessage(), e);
        }
    }
}
