package io.edgeplane.overlay.noise;

/**
 * The sliding window of received counters (RFC 6479, as in the Linux module): a ring of 32
 * 64-bit blocks = 2048 bits, of which one block is kept free so a jump forward can clear whole
 * blocks without ever clearing bits still inside the window. Window: 1984 counters.
 *
 * <p>Checked only after a packet authenticated, so a forgery cannot move the window. One
 * receiving thread per keypair in practice; the monitor keeps it right when there are more.
 */
public final class ReplayWindow {

    static final int BLOCK_BITS = 64;
    static final int RING_BLOCKS = 32;
    public static final int WINDOW_SIZE = (RING_BLOCKS - 1) * BLOCK_BITS;
    public static final int TOTAL_BITS = RING_BLOCKS * BLOCK_BITS;

    private final long[] ring = new long[RING_BLOCKS];
    private long last;

    /** True (and the counter recorded) when {@code counter} is below {@code limit} and was not seen. */
    public synchronized boolean check(long counter, long limit) {
        if (Long.compareUnsigned(counter, limit) >= 0) {
            return false;
        }
        long block = counter >>> 6;
        if (Long.compareUnsigned(counter, last) > 0) {
            long current = last >>> 6;
            long diff = Math.min(block - current, RING_BLOCKS);
            for (long i = 1; i <= diff; i++) {
                ring[(int) ((current + i) & (RING_BLOCKS - 1))] = 0;
            }
            last = counter;
        } else if (last - counter > WINDOW_SIZE) {
            return false;
        }
        int index = (int) (block & (RING_BLOCKS - 1));
        long bit = 1L << (counter & (BLOCK_BITS - 1));
        long old = ring[index];
        ring[index] = old | bit;
        return (old & bit) == 0;
    }
}
