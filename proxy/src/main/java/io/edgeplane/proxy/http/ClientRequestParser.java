package io.edgeplane.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;

import static io.edgeplane.proxy.http.HttpBytes.*;

/**
 * Reads the requests of an HTTP/1.x client connection. Emits, per request: a {@link
 * ClientRequestHead}; then, if it has a body, the body as {@link ByteBuf}s exactly as the client
 * framed it (a chunked body with its chunk lines and trailers, checked on the way) and {@link
 * ClientRequestEnd#INSTANCE}. The first request it refuses is reported once as a {@link
 * FramingViolation} and everything after it is discarded: after a framing error nothing later on
 * the connection can be trusted (RFC 9112 §6.3, §11.2), so a request never reaches a container
 * half-parsed, nor one smuggled behind a refused one. After a request that asks for an Upgrade
 * nothing more is parsed: the bytes wait for the tunnel, which takes them when this handler is
 * removed.
 *
 * <p>Strict where a lax reading could let one request be read two ways by the proxy and the
 * container: lines end in CRLF; no obs-fold; no space before a colon; no control characters;
 * one Content-Length of digits only, never beside a Transfer-Encoding; a Transfer-Encoding only
 * in HTTP/1.1 and only {@code chunked} (501 for other codings); exactly one Host in HTTP/1.1.
 * Sizes: 414 for a long request line, 431 for a large header or trailer section, 413 for a
 * chunked body over the limit (the frontend refuses a Content-Length over it).
 */
final class ClientRequestParser extends ByteToMessageDecoder {

    private enum State { HEAD, FIXED, CHUNK_SIZE, CHUNK_DATA, CHUNK_DATA_END, TRAILERS, HOLD, FAILED }

    private static final int MAX_CHUNK_LINE = 4096;
    private static final AsciiString X_REAL_IP = AsciiString.cached("x-real-ip");
    private static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");
    private static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");

    private final Queue<HttpMethod> methods;
    private final int maxRequestLine;
    private final int maxHeaderSize;
    private final long maxBodySize;

    private ChannelHandlerContext ctx;
    private State state = State.HEAD;
    private long remaining;
    private long dataBytes;
    private int trailerBytes;
    /** The request being read asks for an Upgrade: parsing stops after it. */
    private boolean upgradeAfter;
    /** Bytes of a head still incomplete already searched for its end. */
    private int headScanned;
    /** Where parseHead notes header lines and drops; reused, copied to their size into each head. */
    private int[] scratchLines = new int[3 * 32];
    private long[] scratchDropped = new long[1];
    private long[] scratchConnection = new long[1];
    /** The last Host value of this connection, as bytes and as the String handed out again. */
    private byte[] lastHostBytes = new byte[0];
    private String lastHost;

    ClientRequestParser(Queue<HttpMethod> methods, int maxRequestLine, int maxHeaderSize, long maxBodySize) {
        this.methods = methods;
        this.maxRequestLine = maxRequestLine;
        this.maxHeaderSize = maxHeaderSize;
        this.maxBodySize = maxBodySize;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        this.ctx = ctx;
        switch (state) {
            case HEAD -> readHead(in, out);       // one head per call: the loop calls again for the body
            case HOLD -> {
                // For the tunnel, once the Upgrade is accepted.
            }
            case FAILED -> in.skipBytes(in.readableBytes());
            case FIXED -> readFixed(in, out);
            default -> readChunked(in, out);
        }
    }

    /** Part of a request head has been read and waits for the rest. */
    boolean holdsPartialHead() {
        return state == State.HEAD && actualReadableBytes() > 0;
    }

    // ---------------------------------------------------------------- head

    private void readHead(ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int to = in.writerIndex();
        // Empty lines before a request line are ignored (RFC 9112 §2.2).
        while (to - start >= 2 && in.getByte(start) == '\r' && in.getByte(start + 1) == '\n') {
            start += 2;
        }
        in.readerIndex(start);
        if (start == to || to - start == 1 && in.getByte(start) == '\r') {
            return;
        }
        if (in.getByte(start) == '\n') {
            fail(in, out, HttpResponseStatus.BAD_REQUEST, "bare LF before the request line");
            return;
        }
        int lineLimit = (int) Math.min(to, (long) start + maxRequestLine + 2);
        int lf = in.indexOf(start, lineLimit, (byte) '\n');
        if (lf < 0) {
            if (to - start > maxRequestLine + 1) {
                fail(in, out, HttpResponseStatus.REQUEST_URI_TOO_LONG, "request line longer than " + maxRequestLine);
            }
            return;
        }
        if (contentEnd(in, start, lf) - start > maxRequestLine) {
            fail(in, out, HttpResponseStatus.REQUEST_URI_TOO_LONG, "request line longer than " + maxRequestLine);
            return;
        }
        // A head arriving in pieces is searched from where the last search stopped, not again
        // from its start (less 3 bytes: the blank line may straddle the pieces).
        int end = headEnd(in, Math.max(lf, start + headScanned - 3), to);
        if (end < 0) {
            headScanned = to - start;
            if (to - (lf + 1) > maxHeaderSize) {
                fail(in, out, HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "header section over " + maxHeaderSize);
            }
            return;
        }
        headScanned = 0;
        if (end - (lf + 1) > maxHeaderSize) {
            fail(in, out, HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "header section over " + maxHeaderSize);
            return;
        }
        // One copy, then plain array scans: far cheaper than a bounds-checked read per byte.
        byte[] b = new byte[end - start];
        in.getBytes(start, b);
        in.readerIndex(end);
        Object parsed = parseHead(b, lf - start);
        if (parsed instanceof FramingViolation v) {
            fail(in, out, v.status(), v.reason());
            return;
        }
        ClientRequestHead head = (ClientRequestHead) parsed;
        methods.add(head.method());
        out.add(head);
        upgradeAfter = head.upgrade();
        if (head.chunked()) {
            dataBytes = 0;
            state = State.CHUNK_SIZE;
        } else if (head.contentLength() > 0) {
            remaining = head.contentLength();
            state = State.FIXED;
        } else {
            requestEnded();
        }
    }

    /** The head in {@code b} (request line ending at {@code rl}, the LF), or the violation. */
    private Object parseHead(byte[] b, int rl) {
        if (b[rl - 1] != '\r') {
            return bad("request line not ending in CRLF");
        }
        int ce = rl - 1;
        int m = 0;
        while (TOKEN[b[m] & 0xff]) {
            m++;
        }
        if (m == 0 || b[m] != ' ') {
            return bad("malformed request line");
        }
        int ts = m + 1;
        int te = ts;
        while (te < ce && b[te] != ' ') {
            int c = b[te] & 0xff;
            if (c < 0x21 || c == 0x7f) {
                return bad("control character in the request target");
            }
            te++;
        }
        if (te == ts || te >= ce) {
            return bad("malformed request line");
        }
        int v = te + 1;
        if (ce - v != 8 || !(b[v] == 'H' && b[v + 1] == 'T' && b[v + 2] == 'T' && b[v + 3] == 'P' && b[v + 4] == '/'
                && isDigit(b[v + 5]) && b[v + 6] == '.' && isDigit(b[v + 7]))) {
            return bad("malformed request line");
        }
        if (b[v + 5] != '1' || b[v + 7] != '1' && b[v + 7] != '0') {
            return new FramingViolation(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED, "version not supported");
        }
        boolean http10 = b[v + 7] == '0';

        int[] lines = scratchLines;
        long[] dropped = scratchDropped;
        long[] connection = scratchConnection;
        Arrays.fill(dropped, 0L);
        Arrays.fill(connection, 0L);
        int count = 0;
        long length = -1;
        boolean transferEncoding = false;
        boolean chunkedSeen = false;
        boolean lastChunked = false;
        boolean otherCoding = false;
        int hostLine = -1;
        int hosts = 0;
        boolean upgradeHeader = false;
        boolean forwardedFor = false;
        int tokens = 0;
        int pos = rl + 1;
        while (true) {
            // One pass over each line (the head ends in LF, so every scan stops): the name's
            // token characters, then the value up to the LF, refusing controls on the way.
            byte first = b[pos];
            if (first == '\r') {
                if (b[pos + 1] != '\n') {
                    return bad("CR without LF");
                }
                break;                  // the blank line
            }
            if (first == '\n') {
                return bad("bare LF");
            }
            if (first == ' ' || first == '\t') {
                return bad("obs-fold (a header line starting with whitespace)");
            }
            int colon = nameEnd(b, pos);
            if (colon < 0) {
                return bad("malformed header name, or whitespace before the colon");
            }
            int nl = valueEnd(b, colon + 1);
            if (nl < 0) {
                return bad("control character in a header value");
            }
            if (b[nl - 1] != '\r') {
                return bad("header line not ending in CRLF");
            }
            int valueEnd = nl - 1;
            if (3 * count + 3 > lines.length) {
                lines = scratchLines = Arrays.copyOf(lines, lines.length * 2);
            }
            if ((count >>> 6) >= dropped.length) {
                dropped = scratchDropped = Arrays.copyOf(dropped, dropped.length * 2);
                connection = scratchConnection = Arrays.copyOf(connection, connection.length * 2);
            }
            lines[3 * count] = pos;
            lines[3 * count + 1] = colon;
            lines[3 * count + 2] = valueEnd;
            long bit = 1L << count;
            int word = count >>> 6;
            int nameLength = colon - pos;
            switch (nameLength) {
                case 2 -> {
                    if (is(b, pos, 2, TE)) {
                        dropped[word] |= bit;
                    }
                }
                case 4 -> {
                    if (is(b, pos, 4, HOST)) {
                        hosts++;
                        hostLine = count;
                    }
                }
                case 7 -> {
                    if (is(b, pos, 7, UPGRADE)) {
                        upgradeHeader = true;
                        dropped[word] |= bit;
                    }
                }
                case 9 -> {
                    if (is(b, pos, 9, X_REAL_IP)) {
                        dropped[word] |= bit;
                    }
                }
                case 10 -> {
                    if (is(b, pos, 10, CONNECTION)) {
                        tokens |= connectionTokens(b, colon + 1, valueEnd);
                        connection[word] |= bit;
                        dropped[word] |= bit;
                    } else if (is(b, pos, 10, KEEP_ALIVE)) {
                        dropped[word] |= bit;
                    }
                }
                case 14 -> {
                    if (is(b, pos, 14, CONTENT_LENGTH)) {
                        if (length >= 0) {
                            return bad("Content-Length given twice");
                        }
                        length = digits(b, colon + 1, valueEnd);
                        if (length < 0) {
                            return bad("invalid Content-Length");
                        }
                    }
                }
                case 15 -> {
                    if (is(b, pos, 15, ClientRequestHead.X_FORWARDED_FOR_NAME)) {
                        forwardedFor = true;
                        dropped[word] |= bit;
                    }
                }
                case 16 -> {
                    if (is(b, pos, 16, PROXY_CONNECTION) || is(b, pos, 16, X_FORWARDED_HOST)) {
                        dropped[word] |= bit;
                    }
                }
                case 17 -> {
                    if (is(b, pos, 17, TRANSFER_ENCODING)) {
                        transferEncoding = true;
                        dropped[word] |= bit;
                        // Codings over every Transfer-Encoding line, in order.
                        int from = colon + 1;
                        boolean any = false;
                        while (from <= valueEnd) {
                            int comma = indexOf(b, from, valueEnd, (byte) ',');
                            int tokenEnd = comma < 0 ? valueEnd : comma;
                            int x = skipSpace(b, from, tokenEnd);
                            int y = trimSpace(b, x, tokenEnd);
                            if (y > x) {
                                any = true;
                                if (is(b, x, y - x, CHUNKED)) {
                                    if (chunkedSeen) {
                                        return bad("chunked applied twice");
                                    }
                                    chunkedSeen = true;
                                    lastChunked = true;
                                } else {
                                    otherCoding = true;
                                    lastChunked = false;
                                }
                            }
                            from = tokenEnd + 1;
                        }
                        if (!any) {
                            return bad("empty Transfer-Encoding");
                        }
                    } else if (is(b, pos, 17, X_FORWARDED_PROTO)) {
                        dropped[word] |= bit;
                    }
                }
                default -> {
                    // end to end: forwarded
                }
            }
            count++;
            pos = nl + 1;
        }
        if (transferEncoding) {
            if (http10) {
                return bad("Transfer-Encoding in an HTTP/1.0 request");
            }
            if (length >= 0) {
                return bad("Transfer-Encoding with Content-Length");
            }
            if (!lastChunked) {
                return bad("Transfer-Encoding not ending in chunked");
            }
            if (otherCoding) {
                return new FramingViolation(HttpResponseStatus.NOT_IMPLEMENTED, "a transfer coding other than chunked");
            }
        }
        String host = null;
        if (hosts > 1 || !http10 && hosts == 0) {
            return bad(hosts + " Host headers");
        }
        if (hostLine >= 0) {
            int x = skipSpace(b, lines[3 * hostLine + 1] + 1, lines[3 * hostLine + 2]);
            int y = trimSpace(b, x, lines[3 * hostLine + 2]);
            if (!http10 && (x == y || indexOf(b, x, y, (byte) ',') >= 0)) {
                return bad("empty or listed Host");
            }
            host = host(b, x, y);
        }
        if ((tokens & OTHER_TOKEN) != 0) {
            dropNamedByConnection(b, lines, count, dropped, connection);
        }
        boolean close = (tokens & CLOSE_TOKEN) != 0;
        boolean keepAlive = http10 ? (tokens & KEEP_ALIVE_TOKEN) != 0 && !close : !close;
        boolean upgrade = !http10 && upgradeHeader && (tokens & UPGRADE_TOKEN) != 0;
        if (upgrade) {
            for (int i = 0; i < count; i++) {
                int n = lines[3 * i];
                if (is(b, n, lines[3 * i + 1] - n, UPGRADE)) {
                    dropped[i >>> 6] &= ~(1L << i);     // this hop's Upgrade goes on
                }
            }
        }
        return new ClientRequestHead(b, method(b, m), ts, te, http10, Arrays.copyOf(lines, 3 * count),
                Arrays.copyOf(dropped, (count + 63) >>> 6), length, transferEncoding, keepAlive, upgrade, forwardedFor,
                host);
    }

    /** The Host as a String: the one of the previous request when the bytes are the same (keep-alive). */
    private String host(byte[] b, int from, int to) {
        int n = to - from;
        if (lastHost != null && n == lastHostBytes.length && Arrays.equals(b, from, to, lastHostBytes, 0, n)) {
            return lastHost;
        }
        lastHostBytes = Arrays.copyOfRange(b, from, to);
        lastHost = new String(lastHostBytes, StandardCharsets.ISO_8859_1);
        return lastHost;
    }

    private static HttpMethod method(byte[] b, int end) {
        HttpMethod known = switch (end) {
            case 3 -> b[0] == 'G' && b[1] == 'E' && b[2] == 'T' ? HttpMethod.GET
                    : b[0] == 'P' && b[1] == 'U' && b[2] == 'T' ? HttpMethod.PUT : null;
            case 4 -> b[0] == 'P' && b[1] == 'O' && b[2] == 'S' && b[3] == 'T' ? HttpMethod.POST
                    : b[0] == 'H' && b[1] == 'E' && b[2] == 'A' && b[3] == 'D' ? HttpMethod.HEAD : null;
            default -> null;
        };
        return known != null ? known : HttpMethod.valueOf(new String(b, 0, end, StandardCharsets.US_ASCII));
    }

    private static FramingViolation bad(String reason) {
        return new FramingViolation(HttpResponseStatus.BAD_REQUEST, reason);
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    // ---------------------------------------------------------------- body

    private void readFixed(ByteBuf in, List<Object> out) {
        int n = (int) Math.min(remaining, in.readableBytes());
        out.add(in.readRetainedSlice(n));
        remaining -= n;
        if (remaining == 0) {
            out.add(ClientRequestEnd.INSTANCE);
            requestEnded();
        }
    }

    /** Checks the chunk framing of what is readable; passes the bytes on as they came, in one slice. */
    private void readChunked(ByteBuf in, List<Object> out) {
        int from = in.readerIndex();
        boolean ended = false;
        while (in.isReadable() && !ended && state != State.FAILED) {
            int before = in.readerIndex();
            State was = state;
            switch (state) {
                case CHUNK_SIZE -> readChunkSize(in, out);
                case CHUNK_DATA -> {
                    int n = (int) Math.min(remaining, in.readableBytes());
                    in.skipBytes(n);
                    remaining -= n;
                    if (remaining == 0) {
                        state = State.CHUNK_DATA_END;
                    }
                }
                case CHUNK_DATA_END -> readChunkDataEnd(in, out);
                case TRAILERS -> ended = readTrailer(in, out);
                default -> throw new IllegalStateException(state.name());
            }
            if (in.readerIndex() == before && state == was) {
                break;                  // needs more bytes
            }
        }
        if (state == State.FAILED) {
            return;
        }
        int n = in.readerIndex() - from;
        if (n > 0) {
            out.add(in.retainedSlice(from, n));
        }
        if (ended) {
            out.add(ClientRequestEnd.INSTANCE);
            requestEnded();
        }
    }

    private void readChunkSize(ByteBuf in, List<Object> out) {
        int from = in.readerIndex();
        int nl = in.indexOf(from, in.writerIndex(), (byte) '\n');
        if (nl < 0) {
            if (in.readableBytes() > MAX_CHUNK_LINE) {
                fail(in, out, HttpResponseStatus.BAD_REQUEST, "chunk size line too long");
            }
            return;
        }
        if (nl == from || in.getByte(nl - 1) != '\r') {
            fail(in, out, HttpResponseStatus.BAD_REQUEST, "chunk size line not ending in CRLF");
            return;
        }
        long size = chunkSize(in, from, nl - 1);
        if (size < 0) {
            fail(in, out, HttpResponseStatus.BAD_REQUEST, "malformed chunk size line");
            return;
        }
        dataBytes += size;
        if (maxBodySize > 0 && dataBytes > maxBodySize) {
            fail(in, out, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "body over " + maxBodySize + " bytes");
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
        if (in.readableBytes() < 2) {
            if (in.getByte(in.readerIndex()) != '\r') {
                fail(in, out, HttpResponseStatus.BAD_REQUEST, "chunk data not followed by CRLF");
            }
            return;
        }
        int r = in.readerIndex();
        if (in.getByte(r) != '\r' || in.getByte(r + 1) != '\n') {
            fail(in, out, HttpResponseStatus.BAD_REQUEST, "chunk data not followed by CRLF");
            return;
        }
        in.skipBytes(2);
        state = State.CHUNK_SIZE;
    }

    /** Reads one trailer line; true at the blank line that ends the request. */
    private boolean readTrailer(ByteBuf in, List<Object> out) {
        int from = in.readerIndex();
        int nl = in.indexOf(from, in.writerIndex(), (byte) '\n');
        if (nl < 0) {
            if (trailerBytes + in.readableBytes() > maxHeaderSize) {
                fail(in, out, HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "trailers over " + maxHeaderSize);
            }
            return false;
        }
        if (nl == from || in.getByte(nl - 1) != '\r') {
            fail(in, out, HttpResponseStatus.BAD_REQUEST, "trailer line not ending in CRLF");
            return false;
        }
        int ce = nl - 1;
        trailerBytes += nl + 1 - from;
        if (trailerBytes > maxHeaderSize) {
            fail(in, out, HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "trailers over " + maxHeaderSize);
            return false;
        }
        if (ce == from) {
            in.readerIndex(nl + 1);
            return true;
        }
        if (fieldLineColon(in, from, ce) < 0) {
            fail(in, out, HttpResponseStatus.BAD_REQUEST, "malformed trailer");
            return false;
        }
        in.readerIndex(nl + 1);
        return false;
    }

    // ---------------------------------------------------------------- endings

    private void requestEnded() {
        if (upgradeAfter) {
            // Nothing more is read until the tunnel (which reads as the container can take it)
            // or the close after a refusal: the bytes of the new protocol are not buffered here.
            ctx.channel().config().setAutoRead(false);
            state = State.HOLD;
        } else {
            state = State.HEAD;
        }
        upgradeAfter = false;
    }

    private void fail(ByteBuf in, List<Object> out, HttpResponseStatus status, String reason) {
        in.skipBytes(in.readableBytes());
        state = State.FAILED;
        out.add(new FramingViolation(status, reason));
    }
}
