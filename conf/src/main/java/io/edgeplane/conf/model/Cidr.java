package io.edgeplane.conf.model;

import java.net.InetAddress;

/** An address block such as {@code 10.32.0.0/12}; {@code base} has its host bits cleared. */
public record Cidr(InetAddress base, int prefix) {

    public static Cidr of(InetAddress address, int prefix) {
        byte[] bytes = address.getAddress();
        if (prefix < 0 || prefix > bytes.length * 8) {
            throw new IllegalArgumentException("prefix " + prefix + " out of range for " + address.getHostAddress());
        }
        for (int bit = prefix; bit < bytes.length * 8; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return new Cidr(InetAddress.ofLiteral(toLiteral(bytes)), prefix);
    }

    /** Parses {@code 10.32.0.0/12}; a bare address is a /32 (or /128). */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        InetAddress address = InetAddress.ofLiteral(slash < 0 ? text : text.substring(0, slash));
        int prefix = slash < 0 ? address.getAddress().length * 8 : Integer.parseInt(text.substring(slash + 1));
        return of(address, prefix);
    }

    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        byte[] b = base.getAddress();
        if (a.length != b.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[full] & mask) == (b[full] & mask);
    }

    private static String toLiteral(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public String toString() {
        return base.getHostAddress() + "/" + prefix;
    }
}
