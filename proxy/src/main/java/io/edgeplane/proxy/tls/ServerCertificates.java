package io.edgeplane.proxy.tls;

import io.edgeplane.conf.model.Settings;
import io.netty.handler.ssl.SslContext;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server certificates of one configuration and the choice among them by SNI: the first
 * certificate whose names (SANs, wildcard SANs for one label) match the requested name, else
 * the first configured one (also for clients that send no SNI). With none configured, one
 * self-signed certificate is made and a warning logged. Immutable; swapped as a whole.
 */
public final class ServerCertificates {

    private static final System.Logger LOG = System.getLogger(ServerCertificates.class.getName());
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private final Settings.Tls source;
    private final List<Entry> entries;

    private ServerCertificates(Settings.Tls source, List<Entry> entries) {
        this.source = source;
        this.entries = List.copyOf(entries);
    }

    /**
     * Loads {@code tls}. Configured files are read again on every reload, so a renewed
     * certificate at the same path takes effect; only the self-signed fallback is kept from
     * {@code previous} (made once per start). A certificate that cannot be loaded is logged and
     * left out.
     */
    public static ServerCertificates load(Settings.Tls tls, ServerCertificates previous) {
        if (tls.certificates().isEmpty() && previous != null && previous.source.certificates().isEmpty()) {
            return previous;
        }
        List<Entry> entries = new ArrayList<>();
        for (Settings.Certificate c : tls.certificates()) {
            try {
                List<X509Certificate> chain = readChain(c);
                PrivateKey key = readKey(c);
                SslContext ctx = TlsContexts.server(key, chain.toArray(X509Certificate[]::new));
                entries.add(new Entry(CertificateNames.of(chain.getFirst()), ctx));
            } catch (IOException | java.security.GeneralSecurityException | RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "cannot load certificate {0} with key {1}: {2}", c.cert(), c.key(),
                        e.toString());
            }
        }
        if (entries.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "no usable TLS certificate configured (proxy.tls.certificates):"
                    + " HTTPS listeners use a self-signed certificate that clients will not trust");
            SelfSignedCertificate self = SelfSignedCertificate.generate(List.of("localhost"), Duration.ofDays(365));
            try {
                entries.add(new Entry(List.of(), TlsContexts.server(self.key(), self.certificate())));
            } catch (javax.net.ssl.SSLException e) {
                throw new IllegalStateException("cannot build a TLS context", e);
            }
        }
        return new ServerCertificates(tls, entries);
    }

    /** The context for a normalised SNI name (null or empty: the default). */
    public SslContext select(String host) {
        if (host != null && !host.isEmpty()) {
            for (Entry e : entries) {
                for (String name : e.names()) {
                    if (CertificateNames.matches(name, host)) {
                        return e.context();
                    }
                }
            }
        }
        return entries.getFirst().context();
    }

    private static List<X509Certificate> readChain(Settings.Certificate c) throws IOException,
            java.security.cert.CertificateException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<X509Certificate> chain = new ArrayList<>();
        try (InputStream in = Files.newInputStream(c.cert())) {
            cf.generateCertificates(in).forEach(x -> chain.add((X509Certificate) x));
        }
        if (chain.isEmpty()) {
            throw new IOException("no certificate in " + c.cert());
        }
        return chain;
    }

    private static PrivateKey readKey(Settings.Certificate c) throws IOException, java.security.GeneralSecurityException {
        String text = Files.readString(c.key());
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            if (m.group(1).equals("PRIVATE KEY")) {
                byte[] der = Base64.getMimeDecoder().decode(m.group(2));
                for (String algorithm : new String[]{"EC", "RSA", "Ed25519"}) {
                    try {
                        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
                    } catch (java.security.spec.InvalidKeySpecException ignored) {
                        // try the next algorithm
                    }
                }
            }
        }
        throw new IOException("no PKCS#8 private key (BEGIN PRIVATE KEY) in " + c.key());
    }

    private record Entry(List<String> names, SslContext context) {
    }
}
