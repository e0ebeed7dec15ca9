package io.edgeplane.conf.yaml;

import io.edgeplane.conf.model.DnsBehaviour;
import io.edgeplane.conf.model.HealthCheck;
import io.edgeplane.conf.model.LoadBalancing;
import io.edgeplane.conf.model.PortMapping;
import io.edgeplane.conf.model.ProxyProtocol;
import io.edgeplane.conf.model.ServerName;
import io.edgeplane.conf.model.Service;
import io.edgeplane.conf.model.Services;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads service.yml (Cloud 66 format). The networking directives become the model; every other
 * Cloud 66 directive is accepted and named in one warning, since the file is shared with the
 * rest of the platform. A key that is neither, but close to a networking directive, is an error:
 * a typo there would otherwise silently change routing.
 */
public final class ServicesParser {

    static final List<String> NETWORKING = List.of("ports", "traffic_matches", "dns_behaviour", "load_balancing", "health",
            "proxy_protocol");

    /** Directives of Cloud 66's service.yml that edge does not act on. */
    static final Set<String> OTHER_CLOUD66 = Set.of("image", "command", "build_command", "deploy_command", "build_root",
            "git_url", "git_branch", "dockerfile_path", "env_vars", "volumes", "constraints", "requires", "stop_grace",
            "restart_on_deploy", "pre_start_signal", "pre_stop_sequence", "post_start_command", "pre_stop_command",
            "log_folder", "privileged", "use_habitus", "use_habitus_step", "tags", "work_dir", "cpu", "memory",
            "min_usage", "max_usage", "load_balancer", "user", "ssl", "daemon_set", "pre_deploy_command",
            "post_deploy_command", "env_file", "dns", "web_sockets", "cap_add", "cap_drop", "security_opt",
            "sysctls", "ulimits", "devices", "hostname", "entrypoint", "health_checks", "dockerfile", "host_volumes");
    static final Set<String> TOP_LEVEL_CLOUD66 = Set.of("databases", "dockerfile_path", "version");

    private static final List<String> HEALTH_KEYS = List.of("type", "endpoint", "protocol", "accept", "timeout",
            "first_check", "interval", "success_threshold", "failure_threshold", "port", "http_headers");

    private final NodeReader reader;

    public ServicesParser(NodeReader reader) {
        this.reader = reader;
    }

    public Services parse(String text) {
        Node root = reader.compose(text);
        if (root == null || NodeReader.isNull(root)) {
            return Services.EMPTY;
        }
        MappingNode top = reader.mapping(root, "", "services: followed by one entry per service");
        if (top == null) {
            return Services.EMPTY;
        }
        Map<String, Node> entries = reader.entries(top, "");
        Map<String, Node> ignored = new LinkedHashMap<>();
        for (String key : entries.keySet()) {
            if (!key.equals("services") && !TOP_LEVEL_CLOUD66.contains(key)) {
                reader.error(top, key, null, "is not a known top-level key", NearestWord.hint(key, List.of("services")));
            } else if (!key.equals("services")) {
                ignored.putIfAbsent(key, entries.get(key));
            }
        }
        Node servicesNode = entries.get("services");
        List<Service> services = new ArrayList<>();
        if (servicesNode != null && !NodeReader.isNull(servicesNode)) {
            MappingNode mapping = reader.mapping(servicesNode, "services", "one entry per service: services: {web: {...}}");
            if (mapping != null) {
                reader.entries(mapping, "services").forEach((name, node) -> {
                    Service s = service(name, node, "services." + name, ignored);
                    if (s != null) {
                        services.add(s);
                    }
                });
            }
        }
        if (!ignored.isEmpty()) {
            Node first = ignored.values().iterator().next();
            reader.warning(first, "services", null, "Cloud 66 directives that edge does not act on are ignored: "
                    + String.join(", ", new TreeSet<>(ignored.keySet())), null);
        }
        return new Services(services);
    }

    private Service service(String name, Node node, String path, Map<String, Node> ignored) {
        if (!name.matches("[a-z0-9]([a-z0-9_-]*[a-z0-9])?")) {
            // A warning, not an error: Cloud 66's own examples use placeholders like <service_name>.
            reader.warning(node, path, name, "is not usable as a DNS label, so ElasticDNS will not answer for it",
                    "lower-case letters, digits, '-' and '_' (web, api-v2)");
        }
        if (NodeReader.isNull(node)) {
            return new Service(name, List.of(), List.of(), DnsBehaviour.VERSIONED, LoadBalancing.ROUNDROBIN, null);
        }
        MappingNode mapping = reader.mapping(node, path, "the service's directives (ports, traffic_matches, ...)");
        if (mapping == null) {
            return null;
        }
        Map<String, Node> entries = reader.entries(mapping, path);
        for (Map.Entry<String, Node> e : entries.entrySet()) {
            String key = e.getKey();
            if (NETWORKING.contains(key)) {
                continue;
            }
            String near = NearestWord.to(key, NETWORKING);
            if (near != null && !OTHER_CLOUD66.contains(key)) {
                reader.error(e.getValue(), path + "." + key, null, "is not a known directive",
                        "did you mean " + near + "?");
            } else {
                ignored.putIfAbsent(key, e.getValue());
            }
        }
        List<PortMapping> ports = entries.containsKey("ports")
                ? reader.each(entries.get("ports"), path + ".ports", false, PortsReader.TRIPLE, new PortsReader(reader)::read)
                : List.of();
        List<ServerName> matches = entries.containsKey("traffic_matches")
                ? reader.each(entries.get("traffic_matches"), path + ".traffic_matches", true, ServerNameReader.VALID,
                        new ServerNameReader(reader)::read)
                : List.of();
        DnsBehaviour dns = choice(entries.get("dns_behaviour"), path + ".dns_behaviour", DnsBehaviour.values(),
                DnsBehaviour.VERSIONED);
        LoadBalancing lb = choice(entries.get("load_balancing"), path + ".load_balancing", LoadBalancing.values(),
                LoadBalancing.ROUNDROBIN);
        HealthCheck health = entries.containsKey("health") ? health(entries.get("health"), path + ".health") : null;
        ProxyProtocol proxyProtocol = choice(entries.get("proxy_protocol"), path + ".proxy_protocol",
                ProxyProtocol.values(), ProxyProtocol.NONE);
        if (proxyProtocol != ProxyProtocol.NONE && ports.stream().noneMatch(PortMapping::hasTcp)) {
            reader.warning(entries.get("proxy_protocol"), path + ".proxy_protocol", proxyProtocol.yamlName(),
                    "has no effect: the service has no tcp: port", "a tcp: port in ports, e.g. {container: 25, tcp: 25}");
        }
        return new Service(name, ports, matches, dns, lb, health, proxyProtocol);
    }

    private <E extends Enum<E>> E choice(Node node, String path, E[] values, E fallback) {
        if (node == null || NodeReader.isNull(node)) {
            return fallback;
        }
        List<String> names = names(values);
        String text = reader.scalar(node, path, NearestWord.hint(null, names));
        if (text == null) {
            return fallback;
        }
        for (E value : values) {
            if (yamlName(value).equals(text.trim())) {
                return value;
            }
        }
        reader.error(node, path, text, "is not a valid value", NearestWord.hint(text.trim(), names));
        return fallback;
    }

    private HealthCheck health(Node node, String path) {
        if (node instanceof org.yaml.snakeyaml.nodes.ScalarNode s && !NodeReader.isNull(node)) {
            return switch (s.getValue().trim()) {
                case "default" -> defaultHealth();
                case "none" -> null;
                default -> {
                    reader.error(node, path, s.getValue(), "is not a health rule",
                            "default, none, or a map with type, endpoint, protocol, accept, timeout");
                    yield null;
                }
            };
        }
        MappingNode mapping = reader.mapping(node, path, "default, none, or a map with type, endpoint, protocol, accept, timeout");
        if (mapping == null) {
            return null;
        }
        Map<String, Node> entries = reader.entries(mapping, path);
        reader.rejectUnknown(mapping, HEALTH_KEYS, path);
        HealthCheck d = defaultHealth();
        String type = entries.containsKey("type") ? oneOf(entries.get("type"), path + ".type", List.of("inbound", "outbound")) : d.type();
        String endpoint = d.endpoint();
        if (entries.containsKey("endpoint")) {
            String e = reader.scalar(entries.get("endpoint"), path + ".endpoint", "an HTTP path such as /healthz");
            if (e != null && !e.startsWith("/")) {
                reader.error(entries.get("endpoint"), path + ".endpoint", e, "is not a path", "an HTTP path such as /healthz");
            } else if (e != null) {
                endpoint = e;
            }
        }
        String protocol = entries.containsKey("protocol")
                ? oneOf(entries.get("protocol"), path + ".protocol", List.of("http", "https", "tcp")) : d.protocol();
        List<String> accept = entries.containsKey("accept")
                ? reader.each(entries.get("accept"), path + ".accept", true, "HTTP status codes such as \"200\" or \"2xx\"",
                        this::statusCode)
                : d.accept();
        Duration timeout = entries.containsKey("timeout") ? reader.duration(entries.get("timeout"), path + ".timeout") : d.timeout();
        return new HealthCheck(type == null ? d.type() : type, endpoint, protocol == null ? d.protocol() : protocol,
                accept, timeout == null ? d.timeout() : timeout);
    }

    private String statusCode(Node node, String path) {
        String text = reader.scalar(node, path, "HTTP status codes such as \"200\" or \"2xx\"");
        if (text != null && !text.trim().matches("[1-5]([0-9][0-9]|xx)")) {
            reader.error(node, path, text, "is not a status code", "a code from 100 to 599 such as \"200\", or a class such as \"2xx\"");
            return null;
        }
        return text == null ? null : text.trim();
    }

    private String oneOf(Node node, String path, List<String> valid) {
        String text = reader.scalar(node, path, NearestWord.hint(null, valid));
        if (text != null && !valid.contains(text.trim())) {
            reader.error(node, path, text, "is not a valid value", NearestWord.hint(text.trim(), valid));
            return null;
        }
        return text == null ? null : text.trim();
    }

    static HealthCheck defaultHealth() {
        return new HealthCheck("inbound", "/", "http", List.of("200"), Duration.ofSeconds(30));
    }

    private static <E extends Enum<E>> List<String> names(E[] values) {
        return Arrays.stream(values).map(ServicesParser::yamlName).toList();
    }

    private static String yamlName(Enum<?> value) {
        return switch (value) {
            case DnsBehaviour d -> d.yamlName();
            case LoadBalancing l -> l.yamlName();
            case ProxyProtocol p -> p.yamlName();
            default -> value.name().toLowerCase();
        };
    }
}
