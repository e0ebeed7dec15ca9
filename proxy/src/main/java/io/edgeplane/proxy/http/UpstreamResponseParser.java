package io.edgeplane.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.util.AsciiString;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;

/**
 * Reads the responses of an upstream connection. Emits, per response: an {@link
 * UpstreamResponseHead}; then the body as {@link ByteBuf}s; then an {@link UpstreamResponseEnd}.
 * A 1xx head other than 101 has neither body nor end (the final response follows); after a 101
 * nothing more is parsed (the bytes stay for the tunnel). A response the proxy cannot trust is
 * reported once as an {@link UpstreamResponseFailure} and everything after it is discarded: the
 * connection is not used again.
 *
 * <p>Body framing follows RFC 9112 §6.3: no body for HEAD, 1xx, 204 and 304; chunked when the
 * last transfer coding is chunked (a Content-Length beside it is ignored); else Content-Length
 * (repeated values must agree); else until the connection closes. A chunked body comes as the
 * container framed it (chunk lines, extensions and trailers included) when the head was set to
 * {@linkplain UpstreamResponseHead#passThrough() pass through}, else as its data with any
 * trailers in the end.
 *
 * <p>Strict where a lax reading could let a container's bytes be read two ways: a space before
 * a header's colon, obs-fold, control characters in values, a bad status line or chunk size
 * are failures (the client gets a 502, or a cut response).
 */
final class UpstreamResponseParser extends ByteToMessageDecoder {

    private enum State { HEAD, FIXED, CHUNK_SIZE, CHUNK_DATA, CHUNK_DATA_END, TRAILERS, UNTIL_CLOSE, UPGRADED, FAILED }

    static final AsciiString CONNECTION = AsciiString.cached("connection");
    private static final AsciiString CONTENT_LENGTH = AsciiString.cached("content-length");
    private static final AsciiString TRANSFER_ENCODING = AsciiString.cached("transfer-encoding");
    private static final AsciiString PROXY_CONNECTION = AsciiString.cached("proxy-connection");
    private static final AsciiString TE = AsciiString.cached("te");
    private static final AsciiString UPGRADE = AsciiString.cached("upgrade");
    private static final int MAX_CHUNK_LINE = 4096;
    private static final boolean[] TOKEN = tokenChars();
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** Control characters other than HTAB: 0x00-0x1F and DEL. */
    private static final boolean[] CONTROL = controlChars();

    private final Queue<HttpMethod> methods;
    private final int maxHead;

    private State state = State.HEAD;
    private UpstreamResponseHead head;
    private long remaining;
    private long bodyBytes;
    /** Where parseHead notes header lines and drops; reused, copied to their size into each head. */
    private int[] scratchLines = new int[3 * 32];
    private long[] scratchDropped = new long[1];
    /** Bytes of a head still incomplete already searched for its end. */
    private int headScanned;
    private int trailerBytes;
    private HttpHeaders trailers;
    /** Pass-through body: where the bytes not yet emitted begin in the cumulation, or -1. */
    private int rawFrom = -1;

    /**
     * @param methods the method of each request sent on this connection, in order
     * @param maxHead the longest response head (or trailer section) accepted
     */
    UpstreamResponseParser(Queue<HttpMethod> methods, int maxHead) {
        this.methods = methods;
        this.maxHead = maxHead;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (rawFrom >= 0) {
            rawFrom = in.readerIndex();     // nothing is pending between calls (see below)
        }
        if (state == State.HEAD) {
            readHead(in, out);          // alone: the head is handled before its body is read
            return;
        }
        while (in.isReadable() && state != State.HEAD) {
            int before = in.readerIndex();
            State was = state;
            step(in, out);
            if (in.readerIndex() == before && state == was) {
                break;                  // needs more bytes
            }
        }
        if (rawFrom >= 0) {
            // What this read brought passes on now (one slice for many chunks), and nothing is
            // left pending: the cumulation may be compacted before the next call.
            flushRaw(in, out);
        }
    }

    private void step(ByteBuf in, List<Object> out) {
        switch (state) {
            case FIXED -> {
                if (take(in, out)) {
                    end(in, out);
                }
            }
            case CHUNK_SIZE -> readChunkSize(in, out);
            case CHUNK_DATA -> {
                if (take(in, out)) {
                    state = State.CHUNK_DATA_END;
                }
            }
            case CHUNK_DATA_END -> readChunkDataEnd(in, out);
            case TRAILERS -> readTrailer(in, out);
            case UNTIL_CLOSE -> emitData(in, in.readableBytes(), out);
            case UPGRADED -> {
                // The tunnel takes these bytes once this handler is removed.
            }
            case FAILED -> in.skipBytes(in.readableBytes());
            case HEAD -> throw new IllegalStateException();
        }
    }

    /** Passes on what is readable of the {@code remaining} bytes of data; true once none remain. */
    private boolean take(ByteBuf in, List<Object> out) {
        int n = (int) Math.min(remaining, in.readableBytes());
        emitData(in, n, out);
        remaining -= n;
        return remaining == 0;
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (in.isReadable()) {
            decode(ctx, in, out);
        }
        if (state == State.UNTIL_CLOSE) {
            end(in, out);
        }
        // Any other state: the response was cut short; the closing connection tells the frontend.
    }

    // ---------------------------------------------------------------- head

    private void readHead(ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        // A head arriving in pieces is searched from where the last search stopped, not again
        // from its start (less 3 bytes: the blank line may straddle the pieces).
        int end = headEnd(in, Math.max(start, start + headScanned - 3), in.writerIndex());
        if (end < 0) {
            headScanned = in.readableBytes();
            if (in.readableBytes() > maxHead) {
                fail(in, out, "response head longer than " + maxHead + " bytes");
            }
            return;
        }
        if (end - start > maxHead) {
            fail(in, out, "response head longer than " + maxHead + " bytes");
            return;
        }
        UpstreamResponseHead h = parseHead(in, start, end);
        if (h == null) {
            fail(in, out, "malformed response head");
            return;
        }
        in.readerIndex(end);
        headScanned = 0;
        int status = h.status();
        out.add(h);
        if (status >= 100 && status < 200) {
            if (status == 101) {
                state = State.UPGRADED;
            }
            return;                     // interim: the final response follows
        }
        HttpMethod method = methods.poll();
        head = h;
        if (HttpMethod.HEAD.equals(method) || status == 204 || status == 304) {
            end(in, out);
        } else if (h.chunked()) {
            startBody(State.CHUNK_SIZE);
        } else if (h.contentLength() == 0) {
            end(in, out);
        } else if (h.contentLength() > 0) {
            remaining = h.contentLength();
            startBody(State.FIXED);
        } else {
            h.endsWithClose();
            startBody(State.UNTIL_CLOSE);
        }
    }

    private void startBody(State s) {
        state = s;
        rawFrom = -2;       // decided once the head has been handled (see raw())
    }

    /** Whether the body passes through in the container's framing; asked after the head was handled. */
    private boolean raw(ByteBuf in) {
        if (rawFrom == -2) {
            rawFrom = head.passesThrough() ? in.readerIndex() : -1;
        }
        return rawFrom >= 0;
    }

    /**
     * The index just past the blank line ending the head that starts at {@code from}, or -1.
     * Lines may end in CRLF or a bare LF.
     */
    private static int headEnd(ByteBuf in, int from, int to) {
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

    private UpstreamResponseHead parseHead(ByteBuf in, int start, int end) {
        // One copy, then plain array scans: far cheaper than a bounds-checked read per byte.
        byte[] b = new byte[end - start];
        in.getBytes(start, b);
        int lineEnd = indexOf(b, 0, b.length, (byte) '\n');
        int statusLineEnd = contentEnd(b, 0, lineEnd);
        // "HTTP/1.x NNN[ reason]"
        if (statusLineEnd < 12 || !startsWithHttp1(b) || b[8] != ' ') {
            return null;
        }
        boolean http10 = b[7] == '0';
        int status = digit(b[9]) * 100 + digit(b[10]) * 10 + digit(b[11]);
        if (status < 100 || statusLineEnd > 12 && b[12] != ' ' || hasControl(b, 12, statusLineEnd)) {
            return null;
        }
        int[] lines = scratchLines;
        long[] dropped = scratchDropped;
        Arrays.fill(dropped, 0L);
        int count = 0;
        long length = -1;
        boolean lengthSeen = false;
        boolean chunked = false;
        boolean transferEncoding = false;
        int connectionTokens = 0;
        int pos = lineEnd + 1;
        while (true) {
            // One pass over each line (the head ends in LF, so every scan stops): the name's
            // token characters, then the value up to the LF, refusing controls on the way.
            byte first = b[pos];
            if (first == '\n' || first == '\r' && b[pos + 1] == '\n') {
                break;                  // the blank line
            }
            if (first == ' ' || first == '\t') {
                return null;            // obs-fold
            }
            int colon = pos;
            while (TOKEN[b[colon] & 0xff]) {
                colon++;
            }
            if (colon == pos || b[colon] != ':') {
                return null;            // no name, a space before the colon, or no colon
            }
            int nl = skipPlain(b, colon + 1);
            for (byte c; (c = b[nl]) != '\n'; nl++) {
                if (CONTROL[c & 0xff] && (c != '\r' || b[nl + 1] != '\n')) {
                    return null;        // a control character (a CR only right before the LF)
                }
            }
            int ce = b[nl - 1] == '\r' ? nl - 1 : nl;
            if (3 * count + 3 > lines.length) {
                lines = scratchLines = Arrays.copyOf(lines, lines.length * 2);
            }
            if ((count >>> 6) >= dropped.length) {
                dropped = scratchDropped = Arrays.copyOf(dropped, dropped.length * 2);
            }
            lines[3 * count] = pos;
            lines[3 * count + 1] = colon;
            lines[3 * count + 2] = ce;
            switch (framingHeader(b, pos, colon - pos)) {
                case CONTENT_LENGTH_HEADER -> {
                    long v = contentLength(b, colon + 1, ce);
                    if (v < 0 || lengthSeen && v != length) {
                        return null;
                    }
                    length = v;
                    lengthSeen = true;
                }
                case TRANSFER_ENCODING_HEADER -> {
                    transferEncoding = true;
                    chunked = lastCodingIsChunked(b, colon + 1, ce);
                    dropped[count >>> 6] |= 1L << count;
                }
                case CONNECTION_HEADER -> {
                    connectionTokens |= connectionTokens(b, colon + 1, ce);
                    dropped[count >>> 6] |= 1L << count;
                }
                case OTHER_HOP_BY_HOP -> dropped[count >>> 6] |= 1L << count;
                default -> {
                    // end to end: forwarded
                }
            }
            count++;
            pos = nl + 1;
        }
        if (transferEncoding) {
            // Chunked, or else read until close (RFC 9112 §6.3, item 4 for a response); either
            // way a Content-Length beside it is ignored, and not forwarded.
            length = -1;
            for (int i = 0; i < count; i++) {
                if (framingHeader(b, lines[3 * i], lines[3 * i + 1] - lines[3 * i]) == CONTENT_LENGTH_HEADER) {
                    dropped[i >>> 6] |= 1L << i;
                }
            }
        }
        if ((connectionTokens & OTHER_TOKEN) != 0) {
            dropNamedByConnection(b, lines, count, dropped);
        }
        boolean close = (connectionTokens & CLOSE_TOKEN) != 0;
        // HTTP/1.0 with a Transfer-Encoding: framing not to be trusted twice (RFC 9112 §6.1).
        boolean keepAlive = http10 ? (connectionTokens & KEEP_ALIVE_TOKEN) != 0 && !close && !transferEncoding : !close;
        return new UpstreamResponseHead(b, http10, status, statusLineEnd, Arrays.copyOf(lines, 3 * count),
                Arrays.copyOf(dropped, (count + 63) >>> 6), length, chunked, transferEncoding, keepAlive);
    }

    private static final int END_TO_END = 0;
    private static final int CONTENT_LENGTH_HEADER = 1;
    private static final int TRANSFER_ENCODING_HEADER = 2;
    private static final int CONNECTION_HEADER = 3;
    private static final int OTHER_HOP_BY_HOP = 4;

    /** What a header name means for framing and forwarding, by its length first (most are neither). */
    private static int framingHeader(byte[] b, int at, int length) {
        return switch (length) {
            case 2 -> is(b, at, length, TE) ? OTHER_HOP_BY_HOP : END_TO_END;
            case 7 -> is(b, at, length, UPGRADE) ? OTHER_HOP_BY_HOP : END_TO_END;
            case 10 -> is(b, at, length, CONNECTION) ? CONNECTION_HEADER
                    : is(b, at, length, KEEP_ALIVE) ? OTHER_HOP_BY_HOP : END_TO_END;
            case 14 -> is(b, at, length, CONTENT_LENGTH) ? CONTENT_LENGTH_HEADER : END_TO_END;
            case 16 -> is(b, at, length, PROXY_CONNECTION) ? OTHER_HOP_BY_HOP : END_TO_END;
            case 17 -> is(b, at, length, TRANSFER_ENCODING) ? TRANSFER_ENCODING_HEADER : END_TO_END;
            default -> END_TO_END;
        };
    }

    /** Drops the header lines a Connection header names (never Content-Length or Host). */
    private static void dropNamedByConnection(byte[] b, int[] lines, int count, long[] dropped) {
        for (int c = 0; c < count; c++) {
            if (framingHeader(b, lines[3 * c], lines[3 * c + 1] - lines[3 * c]) != CONNECTION_HEADER) {
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

    private static final AsciiString HOST = AsciiString.cached("host");
    private static final AsciiString CLOSE = AsciiString.cached("close");
    private static final AsciiString KEEP_ALIVE = AsciiString.cached("keep-alive");
    private static final AsciiString CHUNKED = AsciiString.cached("chunked");
    private static final int CLOSE_TOKEN = 1;
    private static final int KEEP_ALIVE_TOKEN = 2;
    private static final int OTHER_TOKEN = 4;

    private static int connectionTokens(byte[] b, int from, int to) {
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
            } else if (y > x) {
                found |= OTHER_TOKEN;
            }
            from = tokenEnd + 1;
        }
        return found;
    }

    private static boolean lastCodingIsChunked(byte[] b, int from, int to) {
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

    /** A Content-Length value (a number, or a list of equal numbers), or -1 when invalid. */
    private static long contentLength(byte[] b, int from, int to) {
        long value = -1;
        while (true) {
            int comma = indexOf(b, from, to, (byte) ',');
            int end = comma < 0 ? to : comma;
            int x = skipSpace(b, from, end);
            int y = trimSpace(b, x, end);
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
            if (value >= 0 && v != value) {
                return -1;
            }
            value = v;
            if (comma < 0) {
                return value;
            }
            from = comma + 1;
        }
    }

    // ---------------------------------------------------------------- chunked body

    private void readChunkSize(ByteBuf in, List<Object> out) {
        raw(in);
        int from = in.readerIndex();
        int nl = in.indexOf(from, in.writerIndex(), (byte) '\n');
        if (nl < 0) {
            if (in.readableBytes() > MAX_CHUNK_LINE) {
                fail(in, out, "chunk size line too long");
            }
            return;
        }
        int ce = contentEnd(in, from, nl);
        long size = 0;
        int i = from;
        while (i < ce && hex(in.getByte(i)) >= 0) {
            if (i - from == 15) {
                fail(in, out, "chunk size too large");
                return;
            }
            size = size * 16 + hex(in.getByte(i));
            i++;
        }
        int ext = i;
        while (ext < ce && isSpace(in.getByte(ext))) {
            ext++;                      // BWS before an extension
        }
        if (i == from || ext < ce && in.getByte(ext) != ';') {
            fail(in, out, "malformed chunk size");
            return;
        }
        for (int j = i; j < ce; j++) {
            if (CONTROL[in.getByte(j) & 0xff]) {
                fail(in, out, "malformed chunk extension");
                return;
            }
        }
        in.readerIndex(nl + 1);
        if (size == 0) {
            trailerBytes = 0;
            state = State.TRAILERS;
        } else {
            remaining = size;
            state = State.CHUNK_DATA;
        }
    }

    private void readChunkDataEnd(ByteBuf in, List<Object> out) {
        int r = in.readerIndex();
        byte c = in.getByte(r);
        if (c == '\n') {
            in.skipBytes(1);
        } else if (c == '\r') {
            if (in.readableBytes() < 2) {
                return;
            }
            if (in.getByte(r + 1) != '\n') {
                fail(in, out, "chunk data not followed by CRLF");
                return;
            }
            in.skipBytes(2);
        } else {
            fail(in, out, "chunk data longer than its size");
            return;
        }
        state = State.CHUNK_SIZE;
    }

    private void readTrailer(ByteBuf in, List<Object> out) {
        boolean raw = raw(in);
        int from = in.readerIndex();
        int nl = in.indexOf(from, in.writerIndex(), (byte) '\n');
        if (nl < 0) {
            if (trailerBytes + in.readableBytes() > maxHead) {
                fail(in, out, "trailers longer than " + maxHead + " bytes");
            }
            return;
        }
        int ce = contentEnd(in, from, nl);
        trailerBytes += nl + 1 - from;
        if (trailerBytes > maxHead) {
            fail(in, out, "trailers longer than " + maxHead + " bytes");
            return;
        }
        in.readerIndex(nl + 1);
        if (ce == from) {
            end(in, out);
            return;
        }
        int colon = from;
        while (colon < ce && TOKEN[in.getByte(colon) & 0xff]) {
            colon++;
        }
        if (colon == from || colon == ce || in.getByte(colon) != ':') {
            fail(in, out, "malformed trailer");
            return;
        }
        for (int i = colon + 1; i < ce; i++) {
            if (CONTROL[in.getByte(i) & 0xff]) {
                fail(in, out, "control character in a trailer");
                return;
            }
        }
        if (!raw) {
            if (trailers == null) {
                trailers = DefaultHttpHeadersFactory.trailersFactory().withValidation(false).newHeaders();
            }
            int a = colon + 1;
            int b = ce;
            while (a < b && isSpace(in.getByte(a))) {
                a++;
            }
            while (b > a && isSpace(in.getByte(b - 1))) {
                b--;
            }
            trailers.add(in.toString(from, colon - from, java.nio.charset.StandardCharsets.ISO_8859_1),
                    in.toString(a, b - a, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
    }

    // ---------------------------------------------------------------- output

    private void emitData(ByteBuf in, int n, List<Object> out) {
        bodyBytes += n;
        if (raw(in)) {
            in.skipBytes(n);            // emitted with the framing around it (flushRaw)
        } else if (n > 0) {
            out.add(in.readRetainedSlice(n));
        }
    }

    private void flushRaw(ByteBuf in, List<Object> out) {
        int n = in.readerIndex() - rawFrom;
        if (n > 0) {
            out.add(in.retainedSlice(rawFrom, n));
        }
        rawFrom = in.readerIndex();
    }

    private void end(ByteBuf in, List<Object> out) {
        if (rawFrom >= 0) {
            flushRaw(in, out);
        }
        out.add(new UpstreamResponseEnd(bodyBytes, trailers));
        bodyBytes = 0;
        trailers = null;
        head = null;
        rawFrom = -1;
        state = State.HEAD;
    }

    private void fail(ByteBuf in, List<Object> out, String reason) {
        in.skipBytes(in.readableBytes());
        rawFrom = -1;
        state = State.FAILED;
        out.add(new UpstreamResponseFailure(reason));
    }

    // ---------------------------------------------------------------- bytes

    /** The end of a line's content: before the CR of a CRLF, or at the bare LF. */
    private static int contentEnd(ByteBuf in, int from, int lf) {
        return lf > from && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
    }

    private static int contentEnd(byte[] b, int from, int lf) {
        return lf > from && b[lf - 1] == '\r' ? lf - 1 : lf;
    }

    private static int indexOf(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    static int skipSpace(byte[] b, int from, int to) {
        while (from < to && (b[from] == ' ' || b[from] == '\t')) {
            from++;
        }
        return from;
    }

    static int trimSpace(byte[] b, int from, int to) {
        while (to > from && (b[to - 1] == ' ' || b[to - 1] == '\t')) {
            to--;
        }
        return to;
    }

    private static boolean startsWithHttp1(byte[] b) {
        return b[0] == 'H' && b[1] == 'T' && b[2] == 'T' && b[3] == 'P' && b[4] == '/' && b[5] == '1'
                && b[6] == '.' && (b[7] == '1' || b[7] == '0');
    }

    private static int digit(byte c) {
        return c >= '0' && c <= '9' ? c - '0' : -1000;
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

    /** A control character other than HTAB (obs-text, 0x80 and up, is allowed). */
    private static boolean hasControl(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (CONTROL[b[i] & 0xff]) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t';
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

    private static boolean sameIgnoringCase(byte[] b, int x, int y, int length) {
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
