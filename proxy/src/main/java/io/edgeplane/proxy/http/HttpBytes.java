package io.edgeplane.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.util.AsciiString;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The byte-level pieces both HTTP/1 parsers share ({@link ClientRequestParser} for clients,
 * {@link UpstreamResponseParser} for containers): character classes, header-value scans,
 * case-insensitive name matches and the list values that decide framing. They read heads
 * copied into arrays, which is what keeps the scans free of per-byte bounds checks.
 */
final class HttpBytes {

    static final AsciiString CONNECTION = AsciiString.cached("connection");
    static final AsciiString CONTENT_LENGTH = AsciiString.cached("content-length");
    static final AsciiString TRANSFER_ENCODING = AsciiString.cached("transfer-encoding");
    static final AsciiString PROXY_CONNECTION = AsciiString.cached("proxy-connection");
    static final AsciiString TE = AsciiString.cached("te");
    static final AsciiString UPGRADE = AsciiString.cached("upgrade");
    static final AsciiString HOST = AsciiString.cached("host");
    static final AsciiString CLOSE = AsciiString.cached("close");
    static final AsciiString KEEP_ALIVE = AsciiString.cached("keep-alive");
    static final AsciiString CHUNKED = AsciiString.cached("chunked");

    /** Connection tokens, as bits. */
    static final int CLOSE_TOKEN = 1;
    static final int KEEP_ALIVE_TOKEN = 2;
    static final int UPGRADE_TOKEN = 4;
    static final int OTHER_TOKEN = 8;

    /** tchar of RFC 9110 §5.6.2. */
    static final boolean[] TOKEN = tokenChars();
    /** Control characters other than HTAB: 0x00-0x1F and DEL. */
    static final boolean[] CONTROL = controlChars();
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private HttpBytes() {
    }

    /**
     * The index just past the blank line ending the head that starts at or before {@code from},
     * or -1. Lines may end in CRLF or a bare LF here; the parsers decide whether a bare LF is allowed.
     */
    static int headEnd(ByteBuf in, int from, int to) {
        int i = in.indexOf(from, to, (byte) '\n');
        while (i >= 0) {
            int next = i + 1;
            if (next < to && in.getByte(next) == '\n') {
                return next + 1;
            }
            if (next + 1 < to && in.getByte(next) == '\r' && in.getByte(next + 1) == '\n') {
                return next + 2;
            }
            if (next + 1 >= to) {
                return -1;
            }
            i = in.indexOf(next, to, (byte) '\n');
        }
        return -1;
    }

    /**
     * The index of the first byte from {@code from} in the 8-byte word that holds a control
     * character or DEL, or where fewer than 8 bytes are left: header values are scanned a word
     * at a time (SWAR), and byte by byte only from there (the line's LF is such a byte).
     */
    private static int skipPlain(byte[] b, int from) {
        int i = from;
        while (i + 8 <= b.length) {
            long x = (long) LONGS.get(b, i);
            long below20 = (x - 0x2020202020202020L) & ~x & 0x8080808080808080L;
            long y = x ^ 0x7f7f7f7f7f7f7f7fL;
            long del = (y - 0x0101010101010101L) & ~y & 0x8080808080808080L;
            if ((below20 | del) != 0) {
                break;
            }
            i += 8;
        }
        return i;
    }

    /**
     * Where the name of the field line at {@code pos} ends, at its colon, or -1: no name, a
     * character that is not a token's (a space before the colon among them), or no colon. The
     * head ends in LF, which is not a token character, so the scan stops.
     */
    static int nameEnd(byte[] b, int pos) {
        int colon = pos;
        while (TOKEN[b[colon] & 0xff]) {
            colon++;
        }
        return colon == pos || b[colon] != ':' ? -1 : colon;
    }

    /**
     * The LF ending the value that starts at {@code from}, or -1 at a control character in it
     * (a CR is allowed only right before the LF). Scanned a word at a time, then byte by byte.
     */
    static int valueEnd(byte[] b, int from) {
        int nl = skipPlain(b, from);
        for (byte c; (c = b[nl]) != '\n'; nl++) {
            if (CONTROL[c & 0xff] && (c != '\r' || b[nl + 1] != '\n')) {
                return -1;
            }
        }
        return nl;
    }

    /** A control character other than HTAB (obs-text, 0x80 and up, is allowed). */
    static boolean hasControl(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (CONTROL[b[i] & 0xff]) {
                return true;
            }
        }
        return false;
    }

    /** The end of a line's content: before the CR of a CRLF, or at the bare LF. */
    static int contentEnd(byte[] b, int from, int lf) {
        return lf > from && b[lf - 1] == '\r' ? lf - 1 : lf;
    }

    static int contentEnd(ByteBuf in, int from, int lf) {
        return lf > from && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
    }

    static int indexOf(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    static int skipSpace(byte[] b, int from, int to) {
        while (from < to && isSpace(b[from])) {
            from++;
        }
        return from;
    }

    static int trimSpace(byte[] b, int from, int to) {
        while (to > from && isSpace(b[to - 1])) {
            to--;
        }
        return to;
    }

    static boolean isSpace(byte c) {
        return c == ' ' || c == '\t';
    }

    /** The Connection tokens a value holds, as bits. */
    static int connectionTokens(byte[] b, int from, int to) {
        int found = 0;
        while (from < to) {
            int comma = indexOf(b, from, to, (byte) ',');
            int tokenEnd = comma < 0 ? to : comma;
            int x = skipSpace(b, from, tokenEnd);
            int y = trimSpace(b, x, tokenEnd);
            if (is(b, x, y - x, CLOSE)) {
                found |= CLOSE_TOKEN;
            } else if (is(b, x, y - x, KEEP_ALIVE)) {
                found |= KEEP_ALIVE_TOKEN;
            } else if (is(b, x, y - x, UPGRADE)) {
                found |= UPGRADE_TOKEN | OTHER_TOKEN;    // also names the Upgrade header
            } else if (y > x) {
                found |= OTHER_TOKEN;
            }
            from = tokenEnd + 1;
        }
        return found;
    }

    /**
     * Marks in {@code dropped} the header lines a Connection header names (never Content-Length
     * or Host, so a client cannot change how the next hop frames or routes the message).
     *
     * @param isConnection which lines are Connection headers
     */
    static void dropNamedByConnection(byte[] b, int[] lines, int count, long[] dropped, long[] isConnection) {
        for (int c = 0; c < count; c++) {
            if ((isConnection[c >>> 6] & (1L << c)) == 0) {
                continue;
            }
            int from = lines[3 * c + 1] + 1;
            int to = lines[3 * c + 2];
            while (from < to) {
                int comma = indexOf(b, from, to, (byte) ',');
                int tokenEnd = comma < 0 ? to : comma;
                int x = skipSpace(b, from, tokenEnd);
                int y = trimSpace(b, x, tokenEnd);
                if (y > x && !is(b, x, y - x, CONTENT_LENGTH) && !is(b, x, y - x, HOST)) {
                    for (int i = 0; i < count; i++) {
                        int n = lines[3 * i];
                        if (lines[3 * i + 1] - n == y - x && sameIgnoringCase(b, n, x, y - x)) {
                            dropped[i >>> 6] |= 1L << i;
                        }
                    }
                }
                from = tokenEnd + 1;
            }
        }
    }

    /** Whether the last transfer coding of a Transfer-Encoding value is chunked. */
    static boolean lastCodingIsChunked(byte[] b, int from, int to) {
        int comma = from - 1;
        for (int i = to - 1; i >= from; i--) {
            if (b[i] == ',') {
                comma = i;
                break;
            }
        }
        int x = skipSpace(b, comma + 1, to);
        int y = trimSpace(b, x, to);
        return is(b, x, y - x, CHUNKED);
    }

    /** 1*DIGIT between optional whitespace, at most 18 digits; -1 otherwise. */
    static long digits(byte[] b, int from, int to) {
        int x = skipSpace(b, from, to);
        int y = trimSpace(b, x, to);
        if (x == y || y - x > 18) {
            return -1;
        }
        long v = 0;
        for (int i = x; i < y; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return -1;
            }
            v = v * 10 + (b[i] - '0');
        }
        return v;
    }

    /**
     * The size a chunk-size line announces (RFC 9112 §7.1: hex digits, at most 15, then
     * optional extensions after BWS and ';', without control characters), or -1 when the line
     * content {@code [from, end)} is not one.
     */
    static long chunkSize(ByteBuf in, int from, int end) {
        long size = 0;
        int i = from;
        while (i < end && hex(in.getByte(i)) >= 0) {
            if (i - from == 15) {
                return -1;
            }
            size = size * 16 + hex(in.getByte(i));
            i++;
        }
        int ext = i;
        while (ext < end && isSpace(in.getByte(ext))) {
            ext++;
        }
        if (i == from || ext < end && in.getByte(ext) != ';') {
            return -1;
        }
        for (int j = i; j < end; j++) {
            if (CONTROL[in.getByte(j) & 0xff]) {
                return -1;
            }
        }
        return size;
    }

    /**
     * Where the colon of a trailer line's content {@code [from, end)} is, or -1 when it is not a
     * field line (a token, a colon, a value without control characters).
     */
    static int fieldLineColon(ByteBuf in, int from, int end) {
        int colon = from;
        while (colon < end && TOKEN[in.getByte(colon) & 0xff]) {
            colon++;
        }
        if (colon == from || colon == end || in.getByte(colon) != ':') {
            return -1;
        }
        for (int i = colon + 1; i < end; i++) {
            if (CONTROL[in.getByte(i) & 0xff]) {
                return -1;
            }
        }
        return colon;
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** Whether {@code length} bytes at {@code at} are {@code lowerName}, ignoring ASCII case. */
    static boolean is(byte[] b, int at, int length, AsciiString lowerName) {
        if (length != lowerName.length()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (lower(b[at + i]) != lowerName.byteAt(i)) {
                return false;
            }
        }
        return true;
    }

    static boolean sameIgnoringCase(byte[] b, int x, int y, int length) {
        for (int i = 0; i < length; i++) {
            if (lower(b[x + i]) != lower(b[y + i])) {
                return false;
            }
        }
        return true;
    }

    private static int lower(byte c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }

    private static boolean[] controlChars() {
        boolean[] t = new boolean[256];
        for (int c = 0; c < 0x20; c++) {
            t[c] = c != '\t';
        }
        t[0x7f] = true;
        return t;
    }

    private static boolean[] tokenChars() {
        boolean[] t = new boolean[256];
        for (int c = '0'; c <= '9'; c++) {
            t[c] = true;
        }
        for (int c = 'a'; c <= 'z'; c++) {
            t[c] = true;
            t[c - 32] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            t[c] = true;
        }
        return t;
    }
}
