package io.edgeplane.dns.wire;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * One response kept as wire bytes: the template (header, question, records, no OPT) and where
 * each record and its TTL sit. Serving it copies the template with the client's ID, RD bit and
 * question, the answer records rotated, TTLs counted down from when it was stored, and an OPT
 * appended for EDNS clients. The only mutable parts are the rotation turn and the refresh claim.
 */
public final class WireAnswer {

    /** RFC 8767 §4: a stale answer is served with a TTL of 30 s. */
    public static final int STALE_TTL = 30;
    /** No entry is kept fresh longer than a day, whatever an upstream says (as Unbound does). */
    public static final long MAX_TTL = 86_400;

    private final byte[] template;
    private final int questionEnd;
    private final int answerCount;
    private final int[] rrStart;
    private final int[] rrEnd;
    private final int[] ttlAt;
    private final int[] ttl;
    private final int arcount;
    private final boolean rotatable;
    private final long storedAtNanos;
    private final long freshSeconds;
    private final AtomicInteger turn = new AtomicInteger();
    private final AtomicBoolean refreshClaimed = new AtomicBoolean();

    private WireAnswer(byte[] template, int questionEnd, int answerCount, int[] rrStart, int[] rrEnd, int[] ttlAt,
                       int[] ttl, boolean rotatable, long storedAtNanos, long freshSeconds) {
        this.template = template;
        this.questionEnd = questionEnd;
        this.answerCount = answerCount;
        this.rrStart = rrStart;
        this.rrEnd = rrEnd;
        this.ttlAt = ttlAt;
        this.ttl = ttl;
        this.arcount = ((template[DnsHeader.ARCOUNT] & 0xff) << 8) | (template[DnsHeader.ARCOUNT + 1] & 0xff);
        this.rotatable = rotatable;
        this.storedAtNanos = storedAtNanos;
        this.freshSeconds = freshSeconds;
    }

    /**
     * Keeps a response from the central or an upstream, received at {@code nowNanos}. The OPT
     * (and the ECS option in it) is dropped: it was addressed to this client, not its callers.
     */
    public static WireAnswer of(Message response, long nowNanos) throws MalformedMessage {
        if (response.getSection(Section.QUESTION).size() != 1) {
            throw new MalformedMessage("a response without exactly one question", false);
        }
        try {
            return index(template(response).toWire(), nowNanos, freshSeconds(response));
        } catch (RuntimeException e) {
            // dnsjava accepts some records it cannot write back; such an answer is not kept.
            throw new MalformedMessage("unusable response: " + e, false);
        }
    }

    private static Message template(Message response) {
        Message t = new Message(0);
        int rcode = response.getRcode();
        t.getHeader().setRcode(rcode);
        t.getHeader().setFlag(Flags.QR);
        t.getHeader().setFlag(Flags.RA);
        for (int flag : new int[] {Flags.RD, Flags.AD, Flags.CD}) {
            if (response.getHeader().getFlag(flag)) {
                t.getHeader().setFlag(flag);
            }
        }
        t.addRecord(response.getQuestion(), Section.QUESTION);
        for (int section : new int[] {Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL}) {
            for (Record r : response.getSection(section)) {
                if (r.getType() != Type.OPT && r.getType() != Type.TSIG && r.getType() != Type.SIG) {
                    t.addRecord(r, section);
                }
            }
        }
        return t;
    }

    /**
     * How long a response may be served fresh (RFC 2308 for negative ones: the SOA's TTL capped
     * by its minimum). 0 means do not cache: server failures, refusals, NODATA without an SOA.
     */
    static long freshSeconds(Message m) {
        int rcode = m.getRcode();
        if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
            return 0;
        }
        if (m.getHeader().getFlag(Flags.TC)) {
            return 0;
        }
        long min = Long.MAX_VALUE;
        boolean positive = rcode == Rcode.NOERROR && !m.getSection(Section.ANSWER).isEmpty();
        if (positive) {
            for (Record r : m.getSection(Section.ANSWER)) {
                min = Math.min(min, r.getTTL());
            }
        } else {
            for (Record r : m.getSection(Section.AUTHORITY)) {
                if (r instanceof SOARecord soa) {
                    min = Math.min(min, Math.min(soa.getTTL(), soa.getMinimum()));
                }
            }
        }
        return min == Long.MAX_VALUE ? 0 : Math.min(min, MAX_TTL);
    }

    private static WireAnswer index(byte[] bytes, long nowNanos, long freshSeconds) throws MalformedMessage {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int questionEnd = WireNames.skip(b, DnsHeader.LENGTH, bytes.length, false) + 4;
        int an = QueryParser.u16(b, DnsHeader.ANCOUNT);
        int total = an + QueryParser.u16(b, DnsHeader.NSCOUNT) + QueryParser.u16(b, DnsHeader.ARCOUNT);
        int[] start = new int[total];
        int[] end = new int[total];
        int[] ttl = new int[total];
        int[] ttlAt = new int[total];
        int p = questionEnd;
        boolean rotatable = an > 1;
        int firstType = -1;
        for (int i = 0; i < total; i++) {
            start[i] = p;
            int nameEnd = WireNames.skip(b, p, bytes.length, false);
            if (nameEnd + 10 > bytes.length) {
                throw new MalformedMessage("record runs past the end", false);
            }
            int type = QueryParser.u16(b, nameEnd);
            ttlAt[i] = nameEnd + 4 - p;
            ttl[i] = (int) Math.min(Integer.MAX_VALUE, b.getInt(nameEnd + 4) & 0xffffffffL);
            p = nameEnd + 10 + QueryParser.u16(b, nameEnd + 8);
            end[i] = p;
            if (i < an) {
                // Records may move only if moving them breaks no compression pointer: same
                // address type (no names in the data) and owners pointing before the answers.
                firstType = firstType < 0 ? type : firstType;
                boolean pointerToQuestion = nameEnd - start[i] == 2
                        && (QueryParser.u16(b, start[i]) & 0x3fff) < questionEnd;
                if (type != firstType || (type != Type.A && type != Type.AAAA) || !pointerToQuestion) {
                    rotatable = false;
                }
            }
        }
        if (p != bytes.length) {
            throw new MalformedMessage("trailing bytes after the records", false);
        }
        return new WireAnswer(bytes, questionEnd, an, start, end, ttlAt, ttl, rotatable, nowNanos, freshSeconds);
    }

    /** Seconds this answer may be served fresh from when it was stored; 0 = not to be cached. */
    public long freshSeconds() {
        return freshSeconds;
    }

    public boolean isFresh(long nowNanos) {
        return nowNanos - storedAtNanos < freshSeconds * 1_000_000_000L;
    }

    /**
     * Whether a query at {@code nowNanos} should refresh this answer ahead of its expiry: in the
     * last tenth of its fresh life (Unbound's prefetch), and nobody has claimed the refresh yet.
     */
    public boolean refreshDue(long nowNanos) {
        return !refreshClaimed.get() && (nowNanos - storedAtNanos) * 10 >= freshSeconds * 9_000_000_000L;
    }

    /** True for the one caller that gets to refresh this answer. */
    public boolean claimRefresh() {
        return refreshClaimed.compareAndSet(false, true);
    }

    public int rcode() {
        return template[3] & 0xf;
    }

    /** The size of the response to {@code q}; compare with the client's limit before writing. */
    public int length(Asked q) {
        return template.length - questionEnd + DnsHeader.LENGTH + q.questionLength()
                + (q.edns() ? DnsHeader.OPT_LENGTH : 0);
    }

    /** The response to {@code q} as a new array. */
    public byte[] toResponse(Query q, long nowNanos, boolean stale) {
        byte[] out = new byte[length(q)];
        write(q, nowNanos, stale, ByteBuffer.wrap(out));
        return out;
    }

    /**
     * Writes the response to {@code q} at {@code out}'s position ({@link #length} bytes must
     * remain) and advances it. {@code stale} answers carry {@link #STALE_TTL}.
     */
    public void write(Asked q, long nowNanos, boolean stale, ByteBuffer out) {
        int base = out.position();
        int flags = ((template[2] & 0xff) << 8 | (template[3] & 0xff)) & ~DnsHeader.RD | (q.flags() & DnsHeader.RD);
        out.putShort((short) q.id()).putShort((short) flags).put(template, 4, 6)
                .putShort((short) (arcount + (q.edns() ? 1 : 0)));
        q.putQuestion(out);
        long elapsed = Math.max(0, (nowNanos - storedAtNanos) / 1_000_000_000L);
        int first = rotatable ? Math.floorMod(turn.getAndIncrement(), answerCount) : 0;
        for (int k = 0; k < rrStart.length; k++) {
            int i = k < answerCount ? (first + k) % answerCount : k;
            int at = out.position();
            out.put(template, rrStart[i], rrEnd[i] - rrStart[i]);
            long left = stale ? STALE_TTL : Math.max(0, ttl[i] - elapsed);
            out.putInt(at + ttlAt[i], (int) left);
        }
        if (q.edns()) {
            ShortResponses.putOpt(out);
        }
        assert out.position() - base == length(q);
    }
}
