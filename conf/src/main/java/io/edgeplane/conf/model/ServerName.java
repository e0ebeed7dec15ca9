package io.edgeplane.conf.model;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One {@code traffic_matches} entry in nginx {@code server_name} syntax, classified once so the
 * proxy's matcher never re-parses it. {@code text} is the entry as written (lower-cased unless it
 * is a regex); {@code pattern} is set only for {@link Kind#REGEX}.
 */
public record ServerName(Kind kind, String text, String stem, Pattern pattern) {

    public enum Kind {
        /** {@code app.example.com} */
        EXACT,
        /** {@code *.example.com}: stem {@code .example.com}, any depth below it */
        LEADING_WILDCARD,
        /** {@code .example.com}: {@code example.com} itself and any name below it */
        DOTTED,
        /** {@code www.example.*}: stem {@code www.example.} */
        TRAILING_WILDCARD,
        /** {@code ~^api\d+\.example\.com$} */
        REGEX,
        /** {@code _} */
        CATCH_ALL
    }

    public static ServerName exact(String name) {
        String n = normalise(name);
        return new ServerName(Kind.EXACT, n, n, null);
    }

    public static ServerName catchAll() {
        return new ServerName(Kind.CATCH_ALL, "_", "", null);
    }

    /**
     * Lower-cases a host name and strips a port and one trailing dot, as the proxy does with
     * the Host header, so configuration and requests compare alike.
     */
    public static String normalise(String host) {
        String h = host;
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            h = close > 0 ? h.substring(0, close + 1) : h;
        } else {
            int colon = h.indexOf(':');
            if (colon >= 0 && h.indexOf(':', colon + 1) < 0) {
                h = h.substring(0, colon);
            }
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h.toLowerCase(Locale.ROOT);
    }

    /** Whether this entry matches an already {@link #normalise normalised} host name. */
    public boolean matches(String host) {
        return switch (kind) {
            case EXACT -> host.equals(stem);
            case LEADING_WILDCARD -> host.endsWith(stem) && host.length() > stem.length();
            case DOTTED -> host.equals(stem.substring(1))
                    || (host.endsWith(stem) && host.length() > stem.length());
            case TRAILING_WILDCARD -> host.startsWith(stem) && host.length() > stem.length();
            case REGEX -> pattern.matcher(host).find();
            case CATCH_ALL -> true;
        };
    }

    @Override
    public boolean equals(Object o) {
        // Pattern has identity equality; two entries are the same when written the same.
        return o instanceof ServerName other && kind == other.kind && text.equals(other.text);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
