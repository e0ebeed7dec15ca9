package io.edgeplane.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A container's response head as it came off the wire (a copy of its bytes), parsed only as far as
 * forwarding needs: status, framing, whether the upstream connection stays open, and where each
 * header line lies. An HTTP/1.1 client is sent {@link #forClient} — the same lines minus the
 * hop-by-hop ones, copied as bytes — instead of the head being decoded into header objects and
 * encoded again; other clients (HTTP/2, HTTP/1.0) get {@link #toHttpResponse} and the codecs.
 *
 * <p>The parser keeps one head per connection and refills it for each response, as it keeps
 * the arrays the head points into: a head is valid while it is handled (the next one is parsed
 * only after it was passed on, one response at a time per connection), and must be {@link
 * #copy() copied} to be kept longer.
 *
 * <p>The frontend chooses while handling the head: {@link #passThrough()} asks the parser for
 * the body as the container framed it (chunk lines and trailers included), which only the
 * byte path can use.
 */
final class UpstreamResponseHead {

    private static final byte[] HTTP_1_1 = "HTTP/1.1 ".getBytes(StandardCharsets.US_ASCII);
    /** Where the status code starts: after "HTTP/1.x ", which the parser has checked. */
    private static final int STATUS_START = 9;
    private static final byte[] CHUNKED = "Transfer-Encoding: chunked\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLOSE = "Connection: close\r\n".getBytes(StandardCharsets.US_ASCII);

    // Set by the parser for each response: one object per upstream connection, refilled in
    // place, so a response head costs no allocation (see the class comment).
    private byte[] bytes;
    /** The head's length in {@link #bytes} (which may be longer: a buffer kept for the next head). */
    private int length;
    private boolean http10;
    private int status;
    /** The end of the status line (its status code starts at {@link #STATUS_START}). */
    private int statusEnd;
    /** Per header line: start, end of the name, end of the value (CR/LF excluded); offsets in the head. */
    private int[] lines;
    private int lineCount;
    /** Bit i set: header line i is not forwarded (hop-by-hop, or named by Connection). */
    private long[] dropped;
    private long contentLength;
    private boolean chunked;
    private boolean transferEncoding;
    private boolean keepAlive;
    private boolean passThrough;

    /** Fills this head with the next response's (its arrays are the parser's, not copies). */
    UpstreamResponseHead set(byte[] bytes, int length, boolean http10, int status, int statusEnd, int[] lines,
                             int lineCount, long[] dropped, long contentLength, boolean chunked,
                             boolean transferEncoding, boolean keepAlive) {
        this.bytes = bytes;
        this.length = length;
        this.http10 = http10;
        this.status = status;
        this.statusEnd = statusEnd;
        this.lines = lines;
        this.lineCount = lineCount;
        this.dropped = dropped;
        this.contentLength = contentLength;
        this.chunked = chunked;
        this.transferEncoding = transferEncoding;
        this.keepAlive = keepAlive;
        this.passThrough = false;
        return this;
    }

    /** A head of its own, with copies of the arrays: for whoever keeps a head past its handling (tests). */
    UpstreamResponseHead copy() {
        UpstreamResponseHead c = new UpstreamResponseHead().set(Arrays.copyOf(bytes, length), length, http10, status,
                statusEnd, Arrays.copyOf(lines, 3 * lineCount), lineCount, Arrays.copyOf(dropped, dropped.length),
                contentLength, chunked, transferEncoding, keepAlive);
        c.passThrough = passThrough;
        return c;
    }

    int status() {
        return status;
    }

    /** The declared length, or -1 (none, or overridden by a Transfer-Encoding). */
    long contentLength() {
        return contentLength;
    }

    /** The body is chunked (the last transfer coding is chunked). */
    boolean chunked() {
        return chunked;
    }

    /** The container keeps the connection open after this response (version and Connection). */
    boolean keepAlive() {
        return keepAlive;
    }

    /** The body ends when the connection closes, so the connection is not used again. */
    void endsWithClose() {
        keepAlive = false;
    }

    /** Asks for the body in the container's own framing, for the byte path; call while handling the head. */
    void passThrough() {
        passThrough = true;
    }

    boolean passesThrough() {
        return passThrough;
    }

    /** The value of the first header called {@code name} (case-insensitive), or null. */
    String header(AsciiString name) {
        for (int i = 0; i < lineCount; i++) {
            int start = lines[3 * i];
            if (HttpBytes.is(bytes, start, lines[3 * i + 1] - start, name)) {
                return value(i);
            }
        }
        return null;
    }

    /**
     * The head for an HTTP/1.1 client: the status line as HTTP/1.1, the header lines that are
     * not hop-by-hop in their order and bytes, then the framing of this hop ({@code
     * Transfer-Encoding: chunked} for a chunked body, which passes through as it came) and
     * {@code Connection: close} when the client connection ends after this response.
     */
    ByteBuf forClient(ByteBufAllocator alloc, boolean close) {
        return forClient(alloc, close, 0);
    }

    /** The same, in a buffer with room for {@code bodyRoom} more bytes (a small body to follow in it). */
    ByteBuf forClient(ByteBufAllocator alloc, boolean close, int bodyRoom) {
        ByteBuf out = alloc.buffer(length + CHUNKED.length + CLOSE.length + 2 + bodyRoom);
        out.writeBytes(HTTP_1_1);
        out.writeBytes(bytes, STATUS_START, statusEnd - STATUS_START);
        crlf(out);
        for (int i = 0; i < lineCount; i++) {
            if ((dropped[i >>> 6] & (1L << i)) == 0) {
                int start = lines[3 * i];
                out.writeBytes(bytes, start, lines[3 * i + 2] - start);
                crlf(out);
            }
        }
        if (chunked && status != 204 && status != 304) {
            out.writeBytes(CHUNKED);
        }
        if (close) {
            out.writeBytes(CLOSE);
        }
        crlf(out);
        return out;
    }

    /** The head as a Netty response with every header line (hop-by-hop ones too), for the codecs. */
    HttpResponse toHttpResponse() {
        int reasonStart = Math.min(STATUS_START + 4, statusEnd);
        String reason = new String(bytes, reasonStart, statusEnd - reasonStart, StandardCharsets.ISO_8859_1);
        HttpResponseStatus s = reason.isEmpty() ? HttpResponseStatus.valueOf(status)
                : HttpResponseStatus.valueOf(status, reason);
        HttpHeaders headers = DefaultHttpHeadersFactory.headersFactory().withValidation(false).newHeaders();
        for (int i = 0; i < lineCount; i++) {
            int start = lines[3 * i];
            int nameEnd = lines[3 * i + 1];
            headers.add(new String(bytes, start, nameEnd - start, StandardCharsets.ISO_8859_1), value(i));
        }
        if (transferEncoding) {
            headers.remove(io.netty.handler.codec.http.HttpHeaderNames.CONTENT_LENGTH);
        }
        return new DefaultHttpResponse(http10 ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1, s, headers);
    }

    private String value(int line) {
        int from = HttpBytes.skipSpace(bytes, lines[3 * line + 1] + 1, lines[3 * line + 2]);
        int to = HttpBytes.trimSpace(bytes, from, lines[3 * line + 2]);
        return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private static void crlf(ByteBuf out) {
        out.writeShort(('\r' << 8) | '\n');
    }

    @Override
    public String toString() {
        return "UpstreamResponseHead(" + status + (chunked ? ", chunked" : ", length " + contentLength) + ")";
    }
}
