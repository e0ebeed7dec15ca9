package io.edgeplane.proxy.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;

/**
 * A self-signed ECDSA P-256 certificate with DNS subject alternative names, made with the JDK
 * alone: the X.509 structure is small enough to write in DER here, which avoids Bouncy Castle's
 * pkix module and Netty's deprecated generator (whose certificates carry no SANs). Used when no
 * certificate is configured, and by tests that need certificates for given names.
 */
public record SelfSignedCertificate(X509Certificate certificate, PrivateKey key) {

    private static final byte[] OID_ECDSA_SHA256 = {0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x04, 0x03, 0x02};
    private static final byte[] OID_COMMON_NAME = {0x55, 0x04, 0x03};
    private static final byte[] OID_SUBJECT_ALT_NAME = {0x55, 0x1D, 0x11};
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter GENERALIZED_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

    /** A certificate for {@code names} (the first is also the common name), valid from now. */
    public static SelfSignedCertificate generate(List<String> names, Duration validity) {
        try {
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
            kpg.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = kpg.generateKeyPair();
            Instant notBefore = Instant.now().minus(Duration.ofMinutes(5));
            byte[] algorithm = seq(oid(OID_ECDSA_SHA256));
            byte[] name = seq(set(seq(oid(OID_COMMON_NAME), tlv(0x0C, names.getFirst().getBytes(StandardCharsets.UTF_8)))));
            ByteArrayOutputStream san = new ByteArrayOutputStream();
            for (String n : names) {
                san.writeBytes(tlv(0x82, n.getBytes(StandardCharsets.US_ASCII)));    // [2] dNSName
            }
            byte[] extensions = tlv(0xA3, seq(seq(oid(OID_SUBJECT_ALT_NAME), tlv(0x04, seq(san.toByteArray())))));
            byte[] serial = new byte[16];
            new SecureRandom().nextBytes(serial);
            byte[] tbs = seq(
                    tlv(0xA0, tlv(0x02, new byte[]{2})),                                  // v3
                    tlv(0x02, new BigInteger(1, serial).toByteArray()),
                    algorithm,
                    name,
                    seq(time(notBefore), time(notBefore.plus(validity))),
                    name,
                    pair.getPublic().getEncoded(),                                       // SubjectPublicKeyInfo
                    extensions);
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(pair.getPrivate());
            signer.update(tbs);
            byte[] signature = signer.sign();
            byte[] bits = new byte[signature.length + 1];
            System.arraycopy(signature, 0, bits, 1, signature.length);
            byte[] der = seq(tbs, algorithm, tlv(0x03, bits));
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            return new SelfSignedCertificate(cert, pair.getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a self-signed certificate", e);
        }
    }

    public String certificatePem() {
        try {
            return pem("CERTIFICATE", certificate.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    public String keyPem() {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] time(Instant t) {
        // RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050.
        boolean utc = t.atZone(ZoneOffset.UTC).getYear() < 2050;
        String text = (utc ? UTC_TIME : GENERALIZED_TIME).format(t);
        return tlv(utc ? 0x17 : 0x18, text.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] oid(byte[] encoded) {
        return tlv(0x06, encoded);
    }

    private static byte[] seq(byte[]... parts) {
        return tlv(0x30, concat(parts));
    }

    private static byte[] set(byte[]... parts) {
        return tlv(0x31, concat(parts));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 6);
        out.write(tag);
        int n = value.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n);
        } else {
            out.write(0x83);
            out.write(n >> 16);
            out.write(n >> 8);
            out.write(n);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }
}
