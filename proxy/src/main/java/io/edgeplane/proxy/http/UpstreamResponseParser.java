package io.edgeplane.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.util.AsciiString;

import java.util.Arrays;
import java.util.List;
import java.util.Queue;

import static io.edgeplane.proxy.http.HttpBytes.*;

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

    private static final int MAX_CHUNK_LINE = 4096;
    /** A longer head gets a buffer of its own, so an idle pooled connection holds at most this. */
    private static final int KEPT_HEAD_BYTES = 8192;

    private final Queue<HttpMethod> methods;
    private final int maxHead;

    private State state = State.HEAD;
    private UpstreamResponseHead head;
    private long remaining;
    private long bodyBytes;
    /** Refilled for each response: heads are handled one at a time, before the next is parsed. */
    private final UpstreamResponseHead reusedHead = new UpstreamResponseHead();
    /** The copy of the head's bytes, kept for the next head up to {@link #KEPT_HEAD_BYTES}. */
    private byte[] headBytes = new byte[512];
    /** Where parseHead notes header lines and drops; the head points into them. */
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

    private UpstreamResponseHead parseHead(ByteBuf in, int start, int end) {
        // One copy, then plain array scans: far cheaper than a bounds-checked read per byte.
        int n = end - start;
        byte[] b = headBytes;
        if (n > b.length) {
            b = new byte[n];
            if (n <= KEPT_HEAD_BYTES) {
                headBytes = b;
            }
        }
        in.getBytes(start, b, 0, n);
        int lineEnd = indexOf(b, 0, n, (byte) '\n');
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
            int colon = nameEnd(b, pos);
            int nl = colon < 0 ? -1 : valueEnd(b, colon + 1);
            if (nl < 0) {
                return null;            // a bad name, a space before the colon, or a control character
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
            long[] isConnection = new long[dropped.length];
            for (int i = 0; i < count; i++) {
                if (framingHeader(b, lines[3 * i], lines[3 * i + 1] - lines[3 * i]) == CONNECTION_HEADER) {
                    isConnection[i >>> 6] |= 1L << i;
                }
            }
            dropNamedByConnection(b, lines, count, dropped, isConnection);
        }
        boolean close = (connectionTokens & CLOSE_TOKEN) != 0;
        // HTTP/1.0 with a Transfer-Encoding: framing not to be trusted twice (RFC 9112 §6.1).
        boolean keepAlive = http10 ? (connectionTokens & KEEP_ALIVE_TOKEN) != 0 && !close && !transferEncoding : !close;
        return reusedHead.set(b, n, http10, status, statusLineEnd, lines, count, dropped, length, chunked,
                transferEncoding, keepAlive);
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

    /** A Content-Length value (a number, or a list of equal numbers), or -1 when invalid. */
    private static long contentLength(byte[] b, int from, int to) {
        long value = -1;
        while (true) {
            int comma = indexOf(b, from, to, (byte) ',');
            long v = digits(b, from, comma < 0 ? to : comma);
            if (v < 0 || value >= 0 && v != value) {
                return -1;
            }
            value = v;
            if (comma < 0) {
                return value;
            }
            from = comma + 1;
        }
    }

    private static boolean startsWithHttp1(byte[] b) {
        return b[0] == 'H' && b[1] == 'T' && b[2] == 'T' && b[3] == 'P' && b[4] == '/' && b[5] == '1'
                && b[6] == '.' && (b[7] == '1' || b[7] == '0');
    }

    private static int digit(byte c) {
        return c >= '0' && c <= '9' ? c - '0' : -1000;
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
        long size = chunkSize(in, from, contentEnd(in, from, nl));
        if (size < 0) {
            fail(in, out, "malformed chunk size line");
            return;
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
        int colon = fieldLineColon(in, from, ce);
        if (colon < 0) {
            fail(in, out, "malformed trailer");
            return;
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

}
