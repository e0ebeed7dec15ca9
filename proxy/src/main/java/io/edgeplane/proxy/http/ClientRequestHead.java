package io.edgeplane.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.util.AsciiString;

import java.nio.charset.StandardCharsets;

/**
 * A client's HTTP/1.x request head as it came off the wire (a copy of its bytes), read by
 * {@link ClientRequestParser} only as far as routing and forwarding need: method, target,
 * version, Host, framing, keep-alive, Upgrade, and where each header line lies. The container
 * is sent {@link #forUpstream}: the same lines minus the hop-by-hop ones, copied as bytes, plus
 * the proxy's own framing and X-Forwarded headers — not headers decoded into objects and
 * encoded again. The one change made in place is {@link #toOriginForm()}, for absolute-form
 * targets.
 */
final class ClientRequestHead {

    private static final byte[] HTTP_1_1_CRLF = " HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HOST = "Host: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHUNKED = "Transfer-Encoding: chunked\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONNECTION_UPGRADE = "Connection: upgrade\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] X_FORWARDED_FOR = "X-Forwarded-For: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] X_FORWARDED_HOST = "X-Forwarded-Host: ".getBytes(StandardCharsets.US_ASCII);
    static final AsciiString X_FORWARDED_FOR_NAME = AsciiString.cached("x-forwarded-for");

    private final byte[] bytes;
    private final HttpMethod method;
    private final int targetStart;
    private final int targetEnd;
    private final boolean http10;
    /** Per header line: start, end of the name, end of the value (CRLF excluded); the CRLF follows. */
    private final int[] lines;
    /** Bit i set: header line i is not forwarded. */
    private final long[] dropped;
    private final long contentLength;
    private final boolean chunked;
    private final boolean keepAlive;
    private final boolean upgrade;
    private final boolean forwardedFor;
    private String host;
    private String uri;
    /** Set by {@link #toOriginForm()}: the Host lines are not forwarded, this authority is. */
    private boolean hostReplaced;

    ClientRequestHead(byte[] bytes, HttpMethod method, int targetStart, int targetEnd, boolean http10, int[] lines,
                      long[] dropped, long contentLength, boolean chunked, boolean keepAlive, boolean upgrade,
                      boolean forwardedFor, String host) {
        this.bytes = bytes;
        this.method = method;
        this.targetStart = targetStart;
        this.targetEnd = targetEnd;
        this.http10 = http10;
        this.lines = lines;
        this.dropped = dropped;
        this.contentLength = contentLength;
        this.chunked = chunked;
        this.keepAlive = keepAlive;
        this.upgrade = upgrade;
        this.forwardedFor = forwardedFor;
        this.host = host;
    }

    HttpMethod method() {
        return method;
    }

    /** The request target as sent (or as {@link #toOriginForm()} left it). */
    String uri() {
        if (uri == null) {
            uri = new String(bytes, targetStart, targetEnd - targetStart, StandardCharsets.ISO_8859_1);
        }
        return uri;
    }

    /** The target is origin form ({@code /...}) or {@code *} (OPTIONS). */
    boolean originFormOrAsterisk() {
        return uri != null ? uri.startsWith("/") || uri.equals("*")
                : bytes[targetStart] == '/' || targetEnd - targetStart == 1 && bytes[targetStart] == '*';
    }

    boolean http10() {
        return http10;
    }

    /** The Host header's value, or null. */
    String host() {
        return host;
    }

    /** The declared body length, or -1. */
    long contentLength() {
        return contentLength;
    }

    boolean chunked() {
        return chunked;
    }

    boolean hasBody() {
        return chunked || contentLength > 0;
    }

    boolean keepAlive() {
        return keepAlive;
    }

    /** The client asks to switch protocols (Connection: upgrade and an Upgrade header). */
    boolean upgrade() {
        return upgrade;
    }

    /** The value of the first header called {@code name} (case-insensitive), trimmed, or null. */
    String header(CharSequence name) {
        AsciiString lower = AsciiString.of(name).toLowerCase();
        for (int i = 0; i < lines.length / 3; i++) {
            int start = lines[3 * i];
            if (HttpBytes.is(bytes, start, lines[3 * i + 1] - start, lower)) {
                return value(i);
            }
        }
        return null;
    }

    /**
     * Makes an absolute-form target ({@code http://authority/path}) origin form, with Host the
     * authority (RFC 9112 §3.2.2); false when the target is not such a URI.
     */
    boolean toOriginForm() {
        AbsoluteForm.Parts parts = AbsoluteForm.split(uri());
        if (parts == null) {
            return false;
        }
        uri = parts.originTarget();
        host = parts.authority();
        hostReplaced = true;
        return true;
    }

    /**
     * The head for the container, always as HTTP/1.1: the request line, the header lines that are
     * not hop-by-hop as they came (runs of them copied at once), then this hop's framing and
     * Upgrade, and the X-Forwarded headers of this client.
     */
    ByteBuf forUpstream(ByteBufAllocator alloc, String clientIp, String scheme) {
        return forUpstream(alloc, ForwardedLines.of(clientIp, scheme), null);
    }

    /**
     * The same, with the client's lines encoded once per connection; {@code upstreamHost}
     * (the container's address) becomes the Host of a request that had none (HTTP/1.0), as
     * nginx's default {@code Host $proxy_host} does: HTTP/1.1 requires one.
     */
    ByteBuf forUpstream(ByteBufAllocator alloc, ForwardedLines client, String upstreamHost) {
        String hostValue = host;
        ByteBuf out = alloc.buffer(bytes.length + 96 + client.address().length + client.fixedLines().length
                + (hostValue == null ? 0 : hostValue.length()) + (uri == null ? 0 : uri.length()));
        out.writeBytes(bytes, 0, targetStart);                  // the method and its space
        if (uri != null && hostReplaced) {
            ByteBufUtil.writeAscii(out, uri);
        } else {
            out.writeBytes(bytes, targetStart, targetEnd - targetStart);
        }
        out.writeBytes(HTTP_1_1_CRLF);
        int count = lines.length / 3;
        int runStart = -1;
        for (int i = 0; i < count; i++) {
            boolean keep = (dropped[i >>> 6] & (1L << i)) == 0 && !(hostReplaced && isHost(i));
            if (keep && runStart < 0) {
                runStart = lines[3 * i];
            } else if (!keep && runStart >= 0) {
                out.writeBytes(bytes, runStart, lines[3 * i] - runStart);
                runStart = -1;
            }
        }
        if (runStart >= 0) {
            int end = lines[3 * count - 1] + 2;
            out.writeBytes(bytes, runStart, end - runStart);
        }
        if (hostReplaced) {
            header(out, HOST, hostValue);
        } else if (hostValue == null && upstreamHost != null) {
            header(out, HOST, upstreamHost);
        }
        if (chunked) {
            out.writeBytes(CHUNKED);
        }
        if (upgrade) {
            out.writeBytes(CONNECTION_UPGRADE);
        }
        out.writeBytes(X_FORWARDED_FOR);
        if (forwardedFor && writePreviousForwardedFor(out)) {
            out.writeShort((',' << 8) | ' ');
        }
        out.writeBytes(client.address());
        crlf(out);
        out.writeBytes(client.fixedLines());
        if (hostValue != null && !hostValue.isEmpty()) {
            header(out, X_FORWARDED_HOST, hostValue);
        }
        crlf(out);
        return out;
    }

    /** Writes the values of the client's own X-Forwarded-For lines, joined; false when there were none. */
    private boolean writePreviousForwardedFor(ByteBuf out) {
        boolean any = false;
        for (int i = 0; i < lines.length / 3; i++) {
            int start = lines[3 * i];
            if (HttpBytes.is(bytes, start, lines[3 * i + 1] - start, X_FORWARDED_FOR_NAME)) {
                int from = HttpBytes.skipSpace(bytes, lines[3 * i + 1] + 1, lines[3 * i + 2]);
                int to = HttpBytes.trimSpace(bytes, from, lines[3 * i + 2]);
                if (to > from) {
                    if (any) {
                        out.writeShort((',' << 8) | ' ');
                    }
                    out.writeBytes(bytes, from, to - from);
                    any = true;
                }
            }
        }
        return any;
    }

    private boolean isHost(int line) {
        int start = lines[3 * line];
        return HttpBytes.is(bytes, start, lines[3 * line + 1] - start, HttpBytes.HOST);
    }

    private String value(int line) {
        int from = HttpBytes.skipSpace(bytes, lines[3 * line + 1] + 1, lines[3 * line + 2]);
        int to = HttpBytes.trimSpace(bytes, from, lines[3 * line + 2]);
        return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private static void header(ByteBuf out, byte[] name, String value) {
        out.writeBytes(name);
        ByteBufUtil.writeAscii(out, value);
        crlf(out);
    }

    private static void crlf(ByteBuf out) {
        out.writeShort(('\r' << 8) | '\n');
    }

    @Override
    public String toString() {
        return "ClientRequestHead(" + method + " " + uri() + (chunked ? ", chunked" : ", length " + contentLength) + ")";
    }
}
