package io.edgeplane.conf.yaml;

import io.edgeplane.conf.model.Cidr;
import io.edgeplane.conf.model.Container;
import io.edgeplane.conf.model.Database;
import io.edgeplane.conf.model.DatabaseGroup;
import io.edgeplane.conf.model.Inventory;
import io.edgeplane.conf.model.Server;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads inventory.yml: servers, containers and databases. Each item is checked on its own
 * here; references between items and files (a container's service and server, duplicate ids)
 * are checked by {@link io.edgeplane.conf.check.ConfigValidator} over the whole configuration.
 */
public final class InventoryParser {

    static final List<String> TOP = List.of("servers", "containers", "databases");
    static final List<String> SERVER_KEYS = List.of("name", "address", "overlay_key", "slice");
    static final List<String> CONTAINER_KEYS = List.of("id", "service", "version", "server", "address", "published");
    static final List<String> DATABASE_KEYS = List.of("groups", "servers");
    static final List<String> GROUP_KEYS = List.of("name", "primary", "servers");
    static final String NAME = "letters, digits, '-', '_' and '.'";

    private final NodeReader reader;

    public InventoryParser(NodeReader reader) {
        this.reader = reader;
    }

    public Inventory parse(String text) {
        Node root = reader.compose(text);
        if (root == null || NodeReader.isNull(root)) {
            return Inventory.EMPTY;
        }
        MappingNode top = reader.mapping(root, "", "servers:, containers: and databases:");
        if (top == null) {
            return Inventory.EMPTY;
        }
        Map<String, Node> entries = reader.entries(top, "");
        reader.rejectUnknown(top, TOP, "");
        List<Server> servers = entries.containsKey("servers")
                ? reader.each(entries.get("servers"), "servers", false, "a list of {name, address, overlay_key}", this::server)
                : List.of();
        List<Container> containers = entries.containsKey("containers")
                ? reader.each(entries.get("containers"), "containers", false,
                        "a list of {id, service, version, server, address, published}", this::container)
                : List.of();
        List<Database> databases = entries.containsKey("databases") ? databases(entries.get("databases")) : List.of();
        return new Inventory(servers, containers, databases);
    }

    private Server server(Node node, String path) {
        MappingNode mapping = reader.mapping(node, path, "{name: web-1, address: 10.0.0.11, overlay_key: <base64 public key>}");
        if (mapping == null) {
            return null;
        }
        Map<String, Node> e = reader.entries(mapping, path);
        reader.rejectUnknown(mapping, SERVER_KEYS, path);
        String name = required(mapping, e, "name", path, NAME);
        InetAddress address = e.containsKey("address") ? reader.ip(e.get("address"), path + ".address") : missing(mapping, path + ".address");
        String key = null;
        if (e.containsKey("overlay_key") && !NodeReader.isNull(e.get("overlay_key"))) {
            key = reader.scalar(e.get("overlay_key"), path + ".overlay_key", "a WireGuard public key (base64 of 32 bytes)");
            if (key != null && !isKey(key.trim())) {
                reader.error(e.get("overlay_key"), path + ".overlay_key", key, "is not a WireGuard public key",
                        "44 characters of base64 encoding 32 bytes, as printed by `edge overlay pubkey` or `wg pubkey`");
                key = null;
            }
        }
        Cidr slice = e.containsKey("slice") && !NodeReader.isNull(e.get("slice")) ? reader.cidr(e.get("slice"), path + ".slice") : null;
        boolean sliceBad = e.containsKey("slice") && !NodeReader.isNull(e.get("slice")) && slice == null;
        return name == null || address == null || sliceBad ? null
                : new Server(name, address, key == null ? null : key.trim(), slice);
    }

    private Container container(Node node, String path) {
        MappingNode mapping = reader.mapping(node, path, "{id, service, version, server, address, published}");
        if (mapping == null) {
            return null;
        }
        Map<String, Node> e = reader.entries(mapping, path);
        reader.rejectUnknown(mapping, CONTAINER_KEYS, path);
        String id = required(mapping, e, "id", path, NAME);
        String service = required(mapping, e, "service", path, "the name of a service of service.yml");
        String server = required(mapping, e, "server", path, "the name of a server of inventory.yml");
        Integer version = e.containsKey("version")
                ? reader.integer(e.get("version"), path + ".version", 1, Integer.MAX_VALUE, "a positive whole number (the deploy generation)")
                : null;
        if (!e.containsKey("version")) {
            missing(mapping, path + ".version");
        }
        InetAddress address = e.containsKey("address") && !NodeReader.isNull(e.get("address"))
                ? reader.ip(e.get("address"), path + ".address") : null;
        boolean addressBad = e.containsKey("address") && !NodeReader.isNull(e.get("address")) && address == null;
        Map<Integer, Integer> published = new LinkedHashMap<>();
        boolean publishedBad = false;
        if (e.containsKey("published") && !NodeReader.isNull(e.get("published"))) {
            MappingNode p = reader.mapping(e.get("published"), path + ".published", "container port: reachable port, e.g. {3000: 32768}");
            if (p == null) {
                publishedBad = true;
            } else {
                for (var tuple : p.getValue()) {
                    Integer from = reader.port(tuple.getKeyNode(), path + ".published");
                    Integer to = reader.port(tuple.getValueNode(), path + ".published");
                    if (from == null || to == null) {
                        publishedBad = true;
                    } else {
                        published.put(from, to);
                    }
                }
            }
        }
        if (id == null || service == null || server == null || version == null || addressBad || publishedBad) {
            return null;
        }
        return new Container(id, service, version, server, address, published);
    }

    private List<Database> databases(Node node) {
        MappingNode mapping = reader.mapping(node, "databases", "one entry per database: databases: {mysql: {groups: [...]}}");
        List<Database> out = new ArrayList<>();
        if (mapping == null) {
            return out;
        }
        reader.entries(mapping, "databases").forEach((name, value) -> {
            String path = "databases." + name;
            if (!name.matches("[a-z0-9]([a-z0-9_-]*[a-z0-9])?")) {
                reader.error(value, path, name, "is not a valid database name", "lower-case letters, digits, '-' and '_' (a DNS label)");
                return;
            }
            Database db = database(name, value, path);
            if (db != null) {
                out.add(db);
            }
        });
        return out;
    }

    private Database database(String name, Node node, String path) {
        MappingNode mapping = reader.mapping(node, path, "{groups: [{name, primary, servers}]} or {servers: [addresses]}");
        if (mapping == null) {
            return null;
        }
        Map<String, Node> e = reader.entries(mapping, path);
        reader.rejectUnknown(mapping, DATABASE_KEYS, path);
        if (e.containsKey("groups") && e.containsKey("servers")) {
            reader.error(mapping, path, null, "has both groups and servers",
                    "either groups: [{name, primary, servers}] or servers: [addresses] (one implicit group)");
            return null;
        }
        if (e.containsKey("servers")) {
            return new Database(name, List.of(new DatabaseGroup(null, true, addresses(e.get("servers"), path + ".servers"))));
        }
        if (!e.containsKey("groups")) {
            reader.error(mapping, path, null, "has neither groups nor servers", "groups: [{name, primary, servers}] or servers: [addresses]");
            return null;
        }
        List<DatabaseGroup> groups = reader.each(e.get("groups"), path + ".groups", false, "a list of {name, primary, servers}", this::group);
        DatabaseGroup primary = null;
        Map<String, Boolean> seen = new LinkedHashMap<>();
        List<Node> groupNodes = reader.sequence(e.get("groups"), path + ".groups", false, null);
        for (int i = 0; i < groups.size(); i++) {
            DatabaseGroup g = groups.get(i);
            Node at = groupNodes != null && i < groupNodes.size() ? groupNodes.get(i) : mapping;
            if (seen.put(g.name(), Boolean.TRUE) != null) {
                reader.error(at, path + ".groups", g.name(), "is a group name given twice", "distinct group names");
            }
            if (g.primary() && primary != null) {
                reader.error(at, path + ".groups", g.name(), "is a second primary group (" + primary.name() + " is primary)",
                        "at most one group with primary: true");
            } else if (g.primary()) {
                primary = g;
            }
        }
        return new Database(name, groups);
    }

    private DatabaseGroup group(Node node, String path) {
        MappingNode mapping = reader.mapping(node, path, "{name: main, primary: true, servers: [10.0.0.21]}");
        if (mapping == null) {
            return null;
        }
        Map<String, Node> e = reader.entries(mapping, path);
        reader.rejectUnknown(mapping, GROUP_KEYS, path);
        String name = required(mapping, e, "name", path, "a DNS label such as main");
        if (name != null && !name.matches("[a-z0-9]([a-z0-9_-]*[a-z0-9])?")) {
            reader.error(e.get("name"), path + ".name", name, "is not a valid group name", "lower-case letters, digits, '-' and '_' (a DNS label)");
            name = null;
        }
        Boolean primary = e.containsKey("primary") ? reader.bool(e.get("primary"), path + ".primary") : Boolean.FALSE;
        List<InetAddress> servers = e.containsKey("servers") ? addresses(e.get("servers"), path + ".servers") : List.of();
        return name == null || primary == null ? null : new DatabaseGroup(name, primary, servers);
    }

    private List<InetAddress> addresses(Node node, String path) {
        return reader.each(node, path, true, "a list of IP addresses such as [10.0.0.21]", reader::ip);
    }

    private String required(MappingNode mapping, Map<String, Node> entries, String key, String path, String valid) {
        Node node = entries.get(key);
        if (node == null || NodeReader.isNull(node)) {
            reader.error(mapping, path + "." + key, null, "is missing", valid);
            return null;
        }
        String text = reader.scalar(node, path + "." + key, valid);
        return text == null ? null : text.trim();
    }

    private <T> T missing(MappingNode mapping, String path) {
        reader.error(mapping, path, null, "is missing", null);
        return null;
    }

    static boolean isKey(String base64) {
        try {
            return base64.length() == 44 && Base64.getDecoder().decode(base64).length == 32;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
