package io.edgeplane.dns.wire;

import java.nio.ByteBuffer;

/** Domain names in wire form: skipping, lower-casing and suffix tests without decoding to text. */
public final class WireNames {

    public static final int MAX_NAME = 255;

    private WireNames() {
    }

    /**
     * The offset just after the name at {@code offset}, following no pointers (a compressed
     * name ends at its first pointer). Throws when the name runs past {@code limit}.
     */
    public static int skip(ByteBuffer b, int offset, int limit, boolean answerable) throws MalformedMessage {
        int p = offset;
        for (int hops = 0; hops < 128; hops++) {
            if (p >= limit) {
                throw new MalformedMessage("name runs past the end", answerable);
            }
            int len = b.get(p) & 0xff;
            if (len == 0) {
                return p + 1;
            }
            if ((len & 0xc0) == 0xc0) {
                if (p + 2 > limit) {
                    throw new MalformedMessage("pointer runs past the end", answerable);
                }
                return p + 2;
            }
            if ((len & 0xc0) != 0) {
                throw new MalformedMessage("unknown label type", answerable);
            }
            p += 1 + len;
        }
        throw new MalformedMessage("too many labels", answerable);
    }

    /** ASCII lower-casing of a wire name's label bytes (length bytes are below 64, untouched). */
    public static byte[] lowerCase(byte[] wire) {
        byte[] out = wire.clone();
        for (int i = 0; i < out.length; i++) {
            byte c = out[i];
            if (c >= 'A' && c <= 'Z') {
                out[i] = (byte) (c + 32);
            }
        }
        return out;
    }

    /**
     * Whether the uncompressed, lower-cased {@code name} is {@code zone} or below it. The test
     * walks label boundaries, so {@code xcloud66.local} is not under {@code cloud66.local}.
     */
    public static boolean isUnder(byte[] name, byte[] zone) {
        return isUnder(name, name.length, zone);
    }

    /** {@link #isUnder(byte[], byte[])} for a name in the first {@code length} bytes of {@code name}. */
    public static boolean isUnder(byte[] name, int length, byte[] zone) {
        int start = 0;
        while (start < length) {
            if (length - start == zone.length
                    && java.util.Arrays.equals(name, start, length, zone, 0, zone.length)) {
                return true;
            }
            int len = name[start] & 0xff;
            if (len == 0) {
                return false;
            }
            start += 1 + len;
        }
        return false;
    }
}
