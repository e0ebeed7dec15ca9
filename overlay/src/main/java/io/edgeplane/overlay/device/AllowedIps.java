package io.edgeplane.overlay.device;

import io.edgeplane.conf.model.Cidr;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cryptokey routing (paper 2): address to peer by longest prefix, used both ways: a packet
 * from TUN goes to the peer owning its destination, and a packet from a peer is accepted only
 * when its source maps back to that same peer. Immutable; lookups allocate nothing.
 *
 * <p>IPv4: one sorted array of masked bases per prefix length, longest first, binary-searched.
 * The overlay has one slice length, so that is one search. IPv6 is a short linear list.
 */
public final class AllowedIps<P> {

    private final int[] lengths4;
    private final long[][] bases4;
    private final Object[][] peers4;
    private final List<Entry6<P>> entries6;

    private record Entry6<P>(long hi, long lo, int prefix, P peer) {
    }

    private AllowedIps(int[] lengths4, long[][] bases4, Object[][] peers4, List<Entry6<P>> entries6) {
        this.lengths4 = lengths4;
        this.bases4 = bases4;
        this.peers4 = peers4;
        this.entries6 = entries6;
    }

    public static <P> AllowedIps<P> empty() {
        return of(Map.of());
    }

    /** Builds the table; when two peers claim one prefix the later in iteration order wins. */
    public static <P> AllowedIps<P> of(Map<Cidr, P> routes) {
        TreeMap<Integer, TreeMap<Long, P>> v4 = new TreeMap<>((a, b) -> b - a);
        List<Entry6<P>> v6 = new ArrayList<>();
        routes.forEach((cidr, peer) -> {
            byte[] b = cidr.base().getAddress();
            if (b.length == 4) {
                v4.computeIfAbsent(cidr.prefix(), k -> new TreeMap<>()).put(ipv4(b) & 0xffffffffL, peer);
            } else {
                ByteBuffer bb = ByteBuffer.wrap(b);
                v6.add(new Entry6<>(bb.getLong(), bb.getLong(), cidr.prefix(), peer));
            }
        });
        v6.sort((a, b) -> b.prefix - a.prefix);
        int[] lengths = new int[v4.size()];
        long[][] bases = new long[v4.size()][];
        Object[][] peers = new Object[v4.size()][];
        int i = 0;
        for (var e : v4.entrySet()) {
            lengths[i] = e.getKey();
            bases[i] = e.getValue().keySet().stream().mapToLong(Long::longValue).toArray();
            peers[i] = e.getValue().values().toArray();
            i++;
        }
        return new AllowedIps<>(lengths, bases, peers, List.copyOf(v6));
    }

    /** The peer for an IPv4 address given as a big-endian int, or null. */
    @SuppressWarnings("unchecked")
    public P lookup4(int address) {
        long a = address & 0xffffffffL;
        for (int i = 0; i < lengths4.length; i++) {
            int len = lengths4[i];
            long masked = len == 0 ? 0 : a & (0xffffffffL << (32 - len)) & 0xffffffffL;
            int at = Arrays.binarySearch(bases4[i], masked);
            if (at >= 0) {
                return (P) peers4[i][at];
            }
        }
        return null;
    }

    /** The peer for an IPv6 address given as two big-endian longs, or null. */
    public P lookup6(long hi, long lo) {
        for (Entry6<P> e : entries6) {
            if (matches(hi, e.hi, Math.min(e.prefix, 64)) && matches(lo, e.lo, Math.max(e.prefix - 64, 0))) {
                return e.peer;
            }
        }
        return null;
    }

    /** The peer for a packet's source ({@code source=true}) or destination address, or null. */
    public P lookupPacket(ByteBuffer packet, boolean source) {
        int start = packet.position();
        int version = (packet.get(start) & 0xff) >>> 4;
        if (version == 4 && packet.remaining() >= 20) {
            return lookup4(packet.getInt(start + (source ? 12 : 16)));
        }
        if (version == 6 && packet.remaining() >= 40) {
            int off = start + (source ? 8 : 24);
            return lookup6(packet.getLong(off), packet.getLong(off + 8));
        }
        return null;
    }

    private static boolean matches(long value, long base, int bits) {
        if (bits == 0) {
            return true;
        }
        long mask = -1L << (64 - bits);
        return (value & mask) == (base & mask);
    }

    static int ipv4(byte[] b) {
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }
}
