package io.edgeplane.proxy.http;

import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.util.AsciiString;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

/**
 * Netty's response decoder for an upstream connection, with what HttpClientCodec's decoder
 * adds (a response to HEAD has no body, whatever its headers say), and without allocating
 * what every response repeats: the header names containers commonly send, the version and the
 * usual reason phrase are shared constants when their bytes match exactly (so what the client
 * gets is byte for byte the same), instead of new strings per response. Header values are
 * still copied: they differ.
 */
final class UpstreamResponseDecoder extends HttpResponseDecoder {

    private static final String HTTP_1_1 = "HTTP/1.1";
    private static final String OK = "OK";
    private static final AsciiString[][] NAMES_BY_LENGTH = namesByLength(
            "Server", "Date", "Content-Type", "Content-Length", "Last-Modified", "Connection", "ETag",
            "Accept-Ranges", "Cache-Control", "Transfer-Encoding", "Vary", "Expires", "Set-Cookie",
            "Content-Encoding", "Location", "Keep-Alive", "Age", "Pragma", "Content-Language",
            "X-Content-Type-Options", "X-Frame-Options", "Strict-Transport-Security",
            "Access-Control-Allow-Origin", "Content-Security-Policy", "Referrer-Policy", "Content-Disposition",
            "Upgrade");

    private final Queue<HttpMethod> methods;

    /** @param methods the method of each request sent on this connection, in order */
    UpstreamResponseDecoder(HttpDecoderConfig config, Queue<HttpMethod> methods) {
        super(config);
        this.methods = methods;
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage msg) {
        if (msg instanceof HttpResponse r && r.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
            return super.isContentAlwaysEmpty(msg);     // an interim answer: the request still waits
        }
        HttpMethod method = methods.poll();
        return HttpMethod.HEAD.equals(method) || super.isContentAlwaysEmpty(msg);
    }

    @Override
    protected AsciiString splitHeaderName(byte[] sb, int start, int length) {
        if (length < NAMES_BY_LENGTH.length) {
            AsciiString[] candidates = NAMES_BY_LENGTH[length];
            if (candidates != null) {
                for (AsciiString name : candidates) {
                    if (sameBytes(name, sb, start, length)) {
                        return name;
                    }
                }
            }
        }
        return super.splitHeaderName(sb, start, length);
    }

    @Override
    protected String splitFirstWordInitialLine(byte[] sb, int start, int length) {
        return sameBytes(HTTP_1_1, sb, start, length) ? HTTP_1_1 : super.splitFirstWordInitialLine(sb, start, length);
    }

    @Override
    protected String splitThirdWordInitialLine(byte[] sb, int start, int length) {
        return sameBytes(OK, sb, start, length) ? OK : super.splitThirdWordInitialLine(sb, start, length);
    }

    private static boolean sameBytes(CharSequence s, byte[] sb, int start, int length) {
        if (s.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (s.charAt(i) != (char) (sb[start + i] & 0xff)) {
                return false;
            }
        }
        return true;
    }

    /** Each name as sent in title case and in lower case (HTTP/2-minded servers), by length. */
    private static AsciiString[][] namesByLength(String... names) {
        int longest = 0;
        for (String n : names) {
            longest = Math.max(longest, n.length());
        }
        List<List<AsciiString>> byLength = new ArrayList<>();
        for (int i = 0; i <= longest; i++) {
            byLength.add(new ArrayList<>());
        }
        for (String n : names) {
            byLength.get(n.length()).add(AsciiString.cached(n));
            byLength.get(n.length()).add(AsciiString.cached(n.toLowerCase(java.util.Locale.ROOT)));
        }
        AsciiString[][] table = new AsciiString[longest + 1][];
        for (int i = 0; i <= longest; i++) {
            table[i] = byLength.get(i).isEmpty() ? null : byLength.get(i).toArray(AsciiString[]::new);
        }
        return table;
    }
}
