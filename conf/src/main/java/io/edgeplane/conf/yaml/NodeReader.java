package io.edgeplane.conf.yaml;

import io.edgeplane.conf.Location;
import io.edgeplane.conf.Problem;
import io.edgeplane.conf.model.Cidr;
import io.edgeplane.conf.model.Endpoint;
import java.io.StringReader;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Typed, located reads from one YAML file's node tree. Every read that fails records a problem
 * at the node's line and column and returns null, so parsers carry on and report everything.
 */
public final class NodeReader {

    static final String PORT_RANGE = "a port number from 1 to 65535";
    static final String DURATION = "a duration such as 500ms, 30s, 5m or 1h";

    private static final Pattern SIZE_TEXT = Pattern.compile("(\\d+)([kmg])?");
    private static final Pattern DURATION_TEXT = Pattern.compile("(\\d+)(ms|s|m|h)?");

    private final String file;
    private final List<Problem> problems;
    private final SourceMap sources;

    public NodeReader(String file, List<Problem> problems, SourceMap sources) {
        this.file = file;
        this.problems = problems;
        this.sources = sources;
    }

    public String file() {
        return file;
    }

    /** The document's root node, null for an empty file or after a syntax error (reported). */
    public Node compose(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // reported by entries() with both positions instead
        options.setMaxAliasesForCollections(50);
        options.setCodePointLimit(8 * 1024 * 1024);
        try {
            return new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            Location at = mark == null ? Location.unknown(file) : new Location(file, mark.getLine() + 1, mark.getColumn() + 1);
            String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
            Mark started = e.getContextMark();
            String context = e.getContext() == null ? ""
                    : " (" + e.getContext() + (started != null && started != mark ? " that started at line "
                    + (started.getLine() + 1) + ", column " + (started.getColumn() + 1) : "") + ")";
            problems.add(Problem.error(at, "yaml", null, "syntax error: " + what + context,
                    "YAML: indent nested keys with spaces, quote strings that contain ': ' or start with '*', '&' or '!'"));
            return null;
        } catch (YAMLException e) {
            problems.add(Problem.error(Location.unknown(file), "yaml", null, "cannot be read: " + e.getMessage(), null));
            return null;
        }
    }

    public Location at(Node node) {
        Mark mark = node.getStartMark();
        return mark == null ? Location.unknown(file) : new Location(file, mark.getLine() + 1, mark.getColumn() + 1);
    }

    public void error(Node node, String path, String value, String message, String valid) {
        problems.add(Problem.error(at(node), path, value, message, valid));
    }

    public void warning(Node node, String path, String value, String message, String valid) {
        problems.add(Problem.warning(at(node), path, value, message, valid));
    }

    public void record(String path, Node node) {
        sources.put(path, at(node));
    }

    public static boolean isNull(Node node) {
        return node == null || (node instanceof ScalarNode s && (s.getTag().equals(Tag.NULL)));
    }

    /** The node as a mapping, or null (reported) when it is something else. */
    public MappingNode mapping(Node node, String path, String valid) {
        if (node instanceof MappingNode m) {
            return m;
        }
        error(node, path, text(node), "is " + kind(node) + ", expected a mapping", valid);
        return null;
    }

    /**
     * The entries of a mapping in file order, each recorded in the source map at
     * {@code path.key}; a duplicate key or a non-text key is reported and skipped.
     */
    public Map<String, Node> entries(MappingNode mapping, String path) {
        Map<String, Node> entries = new LinkedHashMap<>();
        Map<String, Node> keys = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode scalar)) {
                error(keyNode, path, null, "has a key that is " + kind(keyNode), "plain names as keys");
                continue;
            }
            String key = scalar.getValue();
            String keyPath = path.isEmpty() ? key : path + "." + key;
            Node first = keys.putIfAbsent(key, keyNode);
            if (first != null) {
                error(keyNode, keyPath, null, "is given twice (first at line " + at(first).line() + ")",
                        "each key once per mapping");
                continue;
            }
            record(keyPath, keyNode);
            entries.put(key, tuple.getValueNode());
        }
        return entries;
    }

    /** Reports each key that is not one of {@code known}, suggesting the nearest known key. */
    public void rejectUnknown(MappingNode mapping, Collection<String> known, String path) {
        for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode key && !known.contains(key.getValue())) {
                String keyPath = path.isEmpty() ? key.getValue() : path + "." + key.getValue();
                error(key, keyPath, null, "is not a known key", NearestWord.hint(key.getValue(), known));
            }
        }
    }

    /** The items of a sequence; a lone scalar counts as a list of one when allowed. */
    public List<Node> sequence(Node node, String path, boolean scalarAsOne, String valid) {
        if (node instanceof SequenceNode s) {
            return s.getValue();
        }
        if (scalarAsOne && node instanceof ScalarNode && !isNull(node)) {
            return List.of(node);
        }
        if (isNull(node)) {
            return List.of();
        }
        error(node, path, text(node), "is " + kind(node) + ", expected a list", valid);
        return null;
    }

    /** A scalar's text, or null (reported) for a list or mapping. */
    public String scalar(Node node, String path, String valid) {
        if (node instanceof ScalarNode s && !isNull(node)) {
            return s.getValue();
        }
        error(node, path, null, isNull(node) ? "has no value" : "is " + kind(node) + ", expected a single value", valid);
        return null;
    }

    public Integer port(Node node, String path) {
        String text = scalar(node, path, PORT_RANGE);
        if (text == null) {
            return null;
        }
        return portText(text.trim(), node, path);
    }

    Integer portText(String text, Node node, String path) {
        if (!text.chars().allMatch(Character::isDigit) || text.isEmpty()) {
            error(node, path, text, "is not a number", PORT_RANGE);
            return null;
        }
        if (text.length() > 5 || Integer.parseInt(text) < 1 || Integer.parseInt(text) > 65535) {
            error(node, path, text, "is out of range", PORT_RANGE);
            return null;
        }
        return Integer.parseInt(text);
    }

    public Integer integer(Node node, String path, int min, int max, String valid) {
        String text = scalar(node, path, valid);
        if (text == null) {
            return null;
        }
        String t = text.trim();
        if (t.isEmpty() || t.length() > 10 || !(t.chars().allMatch(Character::isDigit)
                || (t.startsWith("-") && t.length() > 1 && t.substring(1).chars().allMatch(Character::isDigit)))) {
            error(node, path, text, "is not a whole number", valid);
            return null;
        }
        long value = Long.parseLong(t);
        if (value < min || value > max) {
            error(node, path, text, "is out of range", valid);
            return null;
        }
        return (int) value;
    }

    public Boolean bool(Node node, String path) {
        String text = scalar(node, path, "true or false");
        if (text == null) {
            return null;
        }
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> {
                error(node, path, text, "is not a boolean", "true or false");
                yield null;
            }
        };
    }

    public Duration duration(Node node, String path) {
        String text = scalar(node, path, DURATION);
        if (text == null) {
            return null;
        }
        Matcher m = DURATION_TEXT.matcher(text.trim());
        if (!m.matches() || m.group(1).length() > 9) {
            error(node, path, text, "is not a duration", DURATION);
            return null;
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    /** A size in bytes: {@code 1048576}, {@code 512k}, {@code 10m}, {@code 1g} (nginx units). */
    public Long size(Node node, String path) {
        String valid = "a size such as 1048576, 512k, 10m or 1g";
        String text = scalar(node, path, valid);
        if (text == null) {
            return null;
        }
        Matcher m = SIZE_TEXT.matcher(text.trim().toLowerCase(java.util.Locale.ROOT));
        if (!m.matches() || m.group(1).length() > 12) {
            error(node, path, text, "is not a size", valid);
            return null;
        }
        long unit = m.group(2) == null ? 1 : switch (m.group(2)) {
            case "k" -> 1L << 10;
            case "m" -> 1L << 20;
            default -> 1L << 30;
        };
        return Long.parseLong(m.group(1)) * unit;
    }

    public InetAddress ip(Node node, String path) {
        String text = scalar(node, path, "an IPv4 or IPv6 address such as 10.0.0.11");
        return text == null ? null : ipText(text.trim(), node, path);
    }

    InetAddress ipText(String text, Node node, String path) {
        try {
            return InetAddress.ofLiteral(text);
        } catch (IllegalArgumentException e) {
            error(node, path, text, "is not an IP address", "an IPv4 or IPv6 address such as 10.0.0.11 or fd00::1");
            return null;
        }
    }

    /** {@code 127.0.0.1:53}, {@code [::1]:53}, or a bare address when a default port is given (> 0). */
    public Endpoint endpoint(Node node, String path, int defaultPort) {
        String valid = "ADDRESS:PORT such as 127.0.0.1:" + (defaultPort > 0 ? defaultPort : 7070) + " or [::1]:"
                + (defaultPort > 0 ? defaultPort : 7070);
        String text = scalar(node, path, valid);
        if (text == null) {
            return null;
        }
        String t = text.trim();
        String host;
        String port;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            host = close < 0 ? t : t.substring(1, close);
            port = close >= 0 && close + 1 < t.length() && t.charAt(close + 1) == ':' ? t.substring(close + 2) : null;
        } else if (t.indexOf(':') >= 0 && t.indexOf(':') == t.lastIndexOf(':')) {
            host = t.substring(0, t.indexOf(':'));
            port = t.substring(t.indexOf(':') + 1);
        } else {
            host = t;
            port = null;
        }
        if (port == null && defaultPort <= 0) {
            error(node, path, text, "has no port", valid);
            return null;
        }
        InetAddress address;
        try {
            address = InetAddress.ofLiteral(host);
        } catch (IllegalArgumentException e) {
            error(node, path, text, "does not start with an IP address", valid);
            return null;
        }
        Integer p = port == null ? Integer.valueOf(defaultPort) : portText(port, node, path);
        return p == null ? null : new Endpoint(address, p);
    }

    public Cidr cidr(Node node, String path) {
        String valid = "an address block such as 10.32.0.0/12 or fd00::/64";
        String text = scalar(node, path, valid);
        if (text == null) {
            return null;
        }
        try {
            return Cidr.parse(text.trim());
        } catch (IllegalArgumentException e) {
            error(node, path, text, "is not an address block", valid);
            return null;
        }
    }

    /** A list of values read one by one; items that fail are reported and left out. */
    public <T> List<T> each(Node node, String path, boolean scalarAsOne, String valid, ItemReader<T> item) {
        List<Node> nodes = sequence(node, path, scalarAsOne, valid);
        List<T> out = new ArrayList<>();
        if (nodes == null) {
            return out;
        }
        for (int i = 0; i < nodes.size(); i++) {
            String itemPath = path + "[" + i + "]";
            record(itemPath, nodes.get(i));
            T value = item.read(nodes.get(i), itemPath);
            if (value != null) {
                sources.bind(value, itemPath);
                out.add(value);
            }
        }
        return out;
    }

    /** Reads one item of a list at its path; returns null after reporting a problem. */
    @FunctionalInterface
    public interface ItemReader<T> {
        T read(Node node, String path);
    }

    /** Text of a node for messages: the scalar as written, or a short description. */
    public static String text(Node node) {
        return node instanceof ScalarNode s ? s.getValue() : null;
    }

    static String kind(Node node) {
        if (isNull(node)) {
            return "empty";
        }
        return switch (node) {
            case MappingNode m -> "a mapping";
            case SequenceNode s -> "a list";
            default -> "a single value";
        };
    }
}
