package io.edgeplane.conf.yaml;

import io.edgeplane.conf.model.ServerName;
import io.edgeplane.conf.model.ServerName.Kind;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.yaml.snakeyaml.nodes.Node;

/** Classifies one {@code traffic_matches} entry the way nginx reads a {@code server_name}. */
final class ServerNameReader {

    static final String VALID = "a host name (app.example.com), *.example.com, .example.com, www.example.*, "
            + "~regex or _";
    private static final Pattern LABELS = Pattern.compile("[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*");

    private final NodeReader reader;

    ServerNameReader(NodeReader reader) {
        this.reader = reader;
    }

    ServerName read(Node node, String path) {
        String raw = reader.scalar(node, path, VALID);
        if (raw == null) {
            return null;
        }
        String text = raw.trim();
        if (text.equals("_")) {
            return ServerName.catchAll();
        }
        if (text.startsWith("~")) {
            try {
                return new ServerName(Kind.REGEX, text, text.substring(1), Pattern.compile(text.substring(1)));
            } catch (PatternSyntaxException e) {
                reader.error(node, path, text, "is not a valid regular expression: " + e.getDescription()
                        + " near index " + e.getIndex(), "~ followed by a Java regex such as ~^api\\d+\\.example\\.com$");
                return null;
            }
        }
        String name = text.toLowerCase(Locale.ROOT);
        if (name.endsWith(".") && name.length() > 1) {
            name = name.substring(0, name.length() - 1);
        }
        Kind kind;
        String stem;
        if (name.startsWith("*.")) {
            kind = Kind.LEADING_WILDCARD;
            stem = name.substring(1);
        } else if (name.endsWith(".*")) {
            kind = Kind.TRAILING_WILDCARD;
            stem = name.substring(0, name.length() - 1);
        } else if (name.startsWith(".")) {
            kind = Kind.DOTTED;
            stem = name;
        } else {
            kind = Kind.EXACT;
            stem = name;
        }
        String labels = switch (kind) {
            case LEADING_WILDCARD, DOTTED -> stem.substring(1);
            case TRAILING_WILDCARD -> stem.substring(0, stem.length() - 1);
            default -> stem;
        };
        if (labels.indexOf('*') >= 0) {
            reader.error(node, path, text, "is an invalid wildcard: '*' may stand only for a whole first or last label",
                    "*.example.com or www.example.* (or a ~regex)");
            return null;
        }
        if (!LABELS.matcher(labels).matches()) {
            reader.error(node, path, text, "is not a valid server name", VALID);
            return null;
        }
        return new ServerName(kind, name, stem, null);
    }
}
