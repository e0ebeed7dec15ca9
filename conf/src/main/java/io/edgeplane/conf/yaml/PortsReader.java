package io.edgeplane.conf.yaml;

import io.edgeplane.conf.model.PortMapping;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Reads one {@code ports} item in either form: {@code "3000:80:443"} or a map with {@code container}. */
final class PortsReader {

    static final String TRIPLE = "CONTAINER[:HTTP[:HTTPS]] such as \"3000:80:443\", \"4000::8443\" or \"5000\"";
    static final String MAP = "a map with container (required), http, https, tcp, udp";
    static final List<String> MAP_KEYS = List.of("container", "http", "https", "tcp", "udp");

    private final NodeReader reader;

    PortsReader(NodeReader reader) {
        this.reader = reader;
    }

    PortMapping read(Node node, String path) {
        if (node instanceof ScalarNode scalar && !NodeReader.isNull(node)) {
            return triple(scalar, path);
        }
        if (node instanceof MappingNode mapping) {
            return map(mapping, path);
        }
        reader.error(node, path, null, "is " + NodeReader.kind(node) + ", expected a port definition",
                TRIPLE + ", or " + MAP);
        return null;
    }

    private PortMapping triple(ScalarNode node, String path) {
        String text = node.getValue().trim();
        String[] fields = text.split(":", -1);
        if (fields.length > 3) {
            reader.error(node, path, text, "has " + fields.length + " fields", TRIPLE
                    + "; for tcp or udp use the map form (container: 25, tcp: 25)");
            return null;
        }
        if (fields[0].isEmpty()) {
            reader.error(node, path, text, "has no container port", TRIPLE);
            return null;
        }
        Integer container = reader.portText(fields[0], node, path + ".container");
        Integer http = fields.length > 1 && !fields[1].isEmpty() ? reader.portText(fields[1], node, path + ".http") : Integer.valueOf(0);
        Integer https = fields.length > 2 && !fields[2].isEmpty() ? reader.portText(fields[2], node, path + ".https") : Integer.valueOf(0);
        if (container == null || http == null || https == null) {
            return null;
        }
        return new PortMapping(container, http, https, 0, 0);
    }

    private PortMapping map(MappingNode node, String path) {
        Map<String, Node> entries = reader.entries(node, path);
        reader.rejectUnknown(node, MAP_KEYS, path);
        if (!entries.containsKey("container") || NodeReader.isNull(entries.get("container"))) {
            reader.error(node, path + ".container", null, "is missing", MAP + ", e.g. {container: 3000, http: 80}");
            return null;
        }
        int[] ports = new int[MAP_KEYS.size()];
        boolean ok = true;
        for (int i = 0; i < MAP_KEYS.size(); i++) {
            Node value = entries.get(MAP_KEYS.get(i));
            if (value == null || NodeReader.isNull(value)) {
                continue;
            }
            Integer port = reader.port(value, path + "." + MAP_KEYS.get(i));
            if (port == null) {
                ok = false;
            } else {
                ports[i] = port;
            }
        }
        return ok ? new PortMapping(ports[0], ports[1], ports[2], ports[3], ports[4]) : null;
    }
}
