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
     * Lower-cases a host name (Host header, SNI, configuration) and strips a port and one
     * trailing dot, so configuration and requests compare alike. Returns the argument itself
     * when it is already normal, the common case, so the request path allocates nothing;
     * {@code ""} for null.
     */
    public static String normalise(String host) {
        if (host == null) {
            return "";
        }
        int end = host.length();
        if (end > 0 && host.charAt(0) == '[') {
            int close = host.indexOf(']');
            if (close > 0) {
                end = close + 1;
            }
        } else {
            int colon = host.indexOf(':');
            // One colon is a port; several mean a bare IPv6 literal, kept whole.
            if (colon >= 0 && host.indexOf(':', colon + 1) < 0) {
                end = colon;
            }
        }
        if (end > 0 && host.charAt(end - 1) == '.') {
            end--;
        }
        for (int i = 0; i < end; i++) {
            char c = host.charAt(i);
            if (c >= 'A' && c <= 'Z' || c > 0x7f) {
                return host.substring(0, end).toLowerCase(Locale.ROOT);
            }
        }
        return end == host.length() ? host : host.substring(0, end);
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
