package io.edgeplane.proxy.route;

import io.edgeplane.conf.model.ServerName;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Builds {@link ServerName}s from nginx syntax for tests, without depending on the YAML loader. */
public final class Names {

    private Names() {
    }

    public static ServerName of(String text) {
        if (text.equals("_")) {
            return ServerName.catchAll();
        }
        if (text.startsWith("~")) {
            return new ServerName(ServerName.Kind.REGEX, text, "", Pattern.compile(text.substring(1)));
        }
        String n = text.toLowerCase(Locale.ROOT);
        if (n.startsWith("*.")) {
            return new ServerName(ServerName.Kind.LEADING_WILDCARD, n, n.substring(1), null);
        }
        if (n.startsWith(".")) {
            return new ServerName(ServerName.Kind.DOTTED, n, n, null);
        }
        if (n.endsWith(".*")) {
            return new ServerName(ServerName.Kind.TRAILING_WILDCARD, n, n.substring(0, n.length() - 1), null);
        }
        return ServerName.exact(n);
    }

    public static List<ServerName> list(String... texts) {
        return Arrays.stream(texts).map(Names::of).toList();
    }
}
