package io.edgeplane.overlay.noise;

/**
 * Wire formats (paper section 5.4): every field little-endian, each message starting with a
 * type byte and three reserved zero bytes.
 *
 * <pre>
 * initiation (148): type=1 | sender u32 | ephemeral 32 | static 32+16 | timestamp 12+16 | mac1 16 | mac2 16
 * response    (92): type=2 | sender u32 | receiver u32 | ephemeral 32 | empty 0+16 | mac1 16 | mac2 16
 * cookie      (64): type=3 | receiver u32 | nonce 24 | cookie 16+16
 * transport (16+n): type=4 | receiver u32 | counter u64 | packet n (n >= 16)
 * </pre>
 */
public final class Messages {

    public static final int INITIATION = 1;
    public static final int RESPONSE = 2;
    public static final int COOKIE_REPLY = 3;
    public static final int TRANSPORT = 4;

    public static final int INITIATION_SIZE = 148;
    public static final int RESPONSE_SIZE = 92;
    public static final int COOKIE_REPLY_SIZE = 64;
    public static final int TRANSPORT_HEADER_SIZE = 16;
    public static final int TRANSPORT_MIN_SIZE = TRANSPORT_HEADER_SIZE + 16;

    /** Offsets of the fields used by more than one class. */
    public static final int SENDER_OFFSET = 4;
    public static final int RECEIVER_OFFSET = 4;
    public static final int COUNTER_OFFSET = 8;
    public static final int RESPONSE_RECEIVER_OFFSET = 8;

    private Messages() {
    }

    /** Where mac1 starts: the message size minus both macs. */
    public static int mac1Offset(int size) {
        return size - 32;
    }

    public static int mac2Offset(int size) {
        return size - 16;
    }

    public static int type(byte[] b) {
        return b[0] & 0xff;
    }

    public static void header(byte[] b, int type) {
        b[0] = (byte) type;
        b[1] = 0;
        b[2] = 0;
        b[3] = 0;
    }

    public static int u32(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    public static void u32(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    public static long u64(byte[] b, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | (b[off + i] & 0xff);
        }
        return v;
    }
}
