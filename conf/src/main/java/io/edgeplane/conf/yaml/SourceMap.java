package io.edgeplane.conf.yaml;

import io.edgeplane.conf.Location;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Where each directive was written, by path ({@code services.web.ports[1]},
 * {@code containers[3].server}). The cross-file checks look positions up here; a configuration
 * built in code has an empty map and its problems name only the file.
 */
public final class SourceMap {

    private final Map<String, Location> byPath = new HashMap<>();
    private final Map<String, String> fileByRoot = new HashMap<>();
    private final Map<Object, String> pathByValue = new IdentityHashMap<>();

    public static SourceMap empty() {
        return new SourceMap();
    }

    void put(String path, Location location) {
        byPath.putIfAbsent(path, location);
        fileByRoot.putIfAbsent(root(path), location.file());
    }

    void bind(Object value, String path) {
        pathByValue.put(value, path);
    }

    /**
     * The path a parsed list item was read from. Items that failed to parse are left out of
     * the model, so a list index in the model is not always the index in the file.
     */
    public String pathOf(Object value, String fallback) {
        return pathByValue.getOrDefault(value, fallback);
    }

    /** The location of a path, else of its nearest recorded parent, else just the file. */
    public Location locate(String path) {
        String p = path;
        while (true) {
            Location at = byPath.get(p);
            if (at != null) {
                return at;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            if (cut <= 0) {
                return Location.unknown(fileByRoot.getOrDefault(root(path), defaultFile(path)));
            }
            p = p.substring(0, cut);
        }
    }

    public void merge(SourceMap other) {
        other.byPath.forEach(byPath::putIfAbsent);
        other.fileByRoot.forEach(fileByRoot::putIfAbsent);
        pathByValue.putAll(other.pathByValue);
    }

    private static String root(String path) {
        int dot = path.indexOf('.');
        int bracket = path.indexOf('[');
        int cut = dot < 0 ? bracket : bracket < 0 ? dot : Math.min(dot, bracket);
        return cut < 0 ? path : path.substring(0, cut);
    }

    private static String defaultFile(String path) {
        return switch (root(path)) {
            case "services" -> "service.yml";
            case "servers", "containers", "databases" -> "inventory.yml";
            default -> "edge.yml";
        };
    }
}
