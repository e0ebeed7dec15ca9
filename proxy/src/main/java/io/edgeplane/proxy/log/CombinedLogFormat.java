package io.edgeplane.proxy.log;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * nginx {@code combined} plus three fields, as a log_format would spell it:
 * <pre>
 * $remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent
 * "$http_referer" "$http_user_agent" "$upstream_addr" $request_time $upstream_response_time
 * </pre>
 * Values are escaped as nginx does ({@code "}, {@code \} and non-printable bytes as
 * {@code \xHH}), so a client cannot forge a line.
 */
public final class CombinedLogFormat {

    private final DateTimeFormatter time;

    public CombinedLogFormat(ZoneId zone) {
        this.time = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(zone);
    }

    public void format(AccessLogEntry e, StringBuilder out) {
        out.append(orDash(e.clientIp())).append(" - - [");
        time.formatTo(Instant.ofEpochMilli(e.epochMillis()), out);
        out.append("] \"");
        if (e.method() != null) {
            escape(e.method(), out);
            out.append(' ');
            escape(e.uri(), out);
            out.append(' ');
            escape(e.protocol(), out);
        }
        out.append("\" ").append(e.status()).append(' ').append(e.bodyBytesSent()).append(" \"");
        escape(orDash(e.referer()), out);
        out.append("\" \"");
        escape(orDash(e.userAgent()), out);
        out.append("\" \"").append(orDash(e.upstreamAddress())).append("\" ");
        seconds(e.requestNanos(), out);
        out.append(' ');
        seconds(e.upstreamNanos(), out);
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }

    private static void seconds(long nanos, StringBuilder out) {
        if (nanos < 0) {
            out.append('-');
            return;
        }
        long millis = nanos / 1_000_000;
        out.append(millis / 1000).append('.');
        long frac = millis % 1000;
        if (frac < 100) {
            out.append('0');
        }
        if (frac < 10) {
            out.append('0');
        }
        out.append(frac);
    }

    private static void escape(String s, StringBuilder out) {
        if (s == null) {
            out.append('-');
            return;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\' || c < 0x20 || c >= 0x7f) {
                out.append("\\x").append(Character.forDigit((c >> 4) & 0xf, 16)).append(Character.forDigit(c & 0xf, 16));
            } else {
                out.append(c);
            }
        }
    }
}
