package io.edgeplane.conf.yaml;

import io.edgeplane.conf.model.Cidr;
import io.edgeplane.conf.model.Endpoint;
import io.edgeplane.conf.model.Role;
import io.edgeplane.conf.model.Settings;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads edge.yml, this server's own settings. Unlike service.yml, which other tools share, an
 * unknown key here is an error: it can only be a typo. Every key is optional.
 */
public final class SettingsParser {

    static final Map<String, List<String>> KEYS = Map.of(
            "node", List.of("name", "roles"),
            "central", List.of("url", "token_file", "ca_file", "pin"),
            "control", List.of("listen", "state_dir", "token_file", "tls"),
            "proxy", List.of("bind", "drain_timeout", "access_log", "tls", "max_body_size", "header_timeout",
                    "keepalive_timeout", "max_connections", "connect_timeout", "read_timeout", "max_fails", "fail_timeout",
                    "stream_idle_timeout", "udp_session_timeout", "stream_connect_timeout", "max_stream_connections"),
            "dns", List.of("zone", "listen", "central_listen", "upstreams", "ttl", "allow"),
            "overlay", List.of("enabled", "network", "slice_prefix", "port", "mtu", "private_key_file", "secret_file"));
    static final List<String> SECTIONS = List.of("node", "central", "control", "proxy", "dns", "overlay");
    private static final String ZONE = "a DNS zone such as cloud66.local";
    private static final String RESOLV_CONF = "from /etc/resolv.conf";

    private final NodeReader reader;
    private final Path baseDir;

    public SettingsParser(NodeReader reader, Path baseDir) {
        this.reader = reader;
        this.baseDir = baseDir;
    }

    public Settings parse(String text) {
        Settings d = Settings.defaults();
        Node root = reader.compose(text);
        if (root == null || NodeReader.isNull(root)) {
            return d;
        }
        MappingNode top = reader.mapping(root, "", "sections node, central, control, proxy, dns, overlay");
        if (top == null) {
            return d;
        }
        Map<String, Node> e = reader.entries(top, "");
        reader.rejectUnknown(top, SECTIONS, "");
        return new Settings(
                section(e, "node", d.node(), this::node),
                section(e, "central", d.central(), this::central),
                section(e, "control", d.control(), this::control),
                section(e, "proxy", d.proxy(), this::proxy),
                section(e, "dns", d.dns(), this::dns),
                section(e, "overlay", d.overlay(), this::overlay));
    }

    private <T> T section(Map<String, Node> top, String name, T fallback, Function<Map<String, Node>, T> read) {
        Node node = top.get(name);
        if (node == null || NodeReader.isNull(node)) {
            return fallback;
        }
        MappingNode mapping = reader.mapping(node, name, "keys " + String.join(", ", KEYS.get(name)));
        if (mapping == null) {
            return fallback;
        }
        Map<String, Node> e = reader.entries(mapping, name);
        reader.rejectUnknown(mapping, KEYS.get(name), name);
        return read.apply(e);
    }

    private Settings.Node node(Map<String, Node> e) {
        Settings.Node d = Settings.Node.defaults();
        String name = value(e, "name", "node.name", n -> reader.scalar(n, "node.name", "this server's name in inventory.yml"), d.name());
        Set<Role> roles = d.roles();
        if (e.containsKey("roles")) {
            List<Role> list = reader.each(e.get("roles"), "node.roles", true, "a list of central, node", this::role);
            roles = list.isEmpty() ? roles : EnumSet.copyOf(list);
        }
        return new Settings.Node(name.trim(), roles);
    }

    private Role role(Node node, String path) {
        String text = reader.scalar(node, path, "central or node");
        if (text == null) {
            return null;
        }
        return switch (text.trim()) {
            case "central" -> Role.CENTRAL;
            case "node" -> Role.NODE;
            default -> {
                reader.error(node, path, text, "is not a role", NearestWord.hint(text.trim(), List.of("central", "node")));
                yield null;
            }
        };
    }

    private Settings.Central central(Map<String, Node> e) {
        URI url = value(e, "url", "central.url", this::url, null);
        return new Settings.Central(url, path(e, "token_file", "central.token_file"), path(e, "ca_file", "central.ca_file"),
                value(e, "pin", "central.pin", n -> reader.scalar(n, "central.pin", "a SHA-256 certificate fingerprint"), null));
    }

    private URI url(Node node) {
        String valid = "an http:// or https:// URL such as https://10.0.0.11:7070";
        String text = reader.scalar(node, "central.url", valid);
        if (text == null) {
            return null;
        }
        try {
            URI uri = new URI(text.trim());
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException ignored) {
            // reported below
        }
        reader.error(node, "central.url", text, "is not a URL", valid);
        return null;
    }

    private Settings.Control control(Map<String, Node> e) {
        Settings.Control d = Settings.Control.defaults();
        Settings.Certificate tls = e.containsKey("tls") && !NodeReader.isNull(e.get("tls"))
                ? certificate(e.get("tls"), "control.tls") : null;
        return new Settings.Control(value(e, "listen", "control.listen", n -> reader.endpoint(n, "control.listen", 0), d.listen()),
                path(e, "state_dir", "control.state_dir"), path(e, "token_file", "control.token_file"), tls);
    }

    private Settings.Proxy proxy(Map<String, Node> e) {
        Settings.Proxy d = Settings.Proxy.defaults();
        InetAddress bind = value(e, "bind", "proxy.bind", n -> reader.ip(n, "proxy.bind"), d.bind());
        Duration drain = value(e, "drain_timeout", "proxy.drain_timeout", n -> reader.duration(n, "proxy.drain_timeout"), d.drainTimeout());
        String log = value(e, "access_log", "proxy.access_log",
                n -> reader.scalar(n, "proxy.access_log", "a file path, stdout or off"), d.accessLog());
        if (log != null && !log.equals("off") && !log.equals("stdout")) {
            log = baseDir.resolve(log).toString();
        } else if ("stdout".equals(log)) {
            log = null;
        }
        Settings.Tls tls = d.tls();
        if (e.containsKey("tls") && !NodeReader.isNull(e.get("tls"))) {
            MappingNode t = reader.mapping(e.get("tls"), "proxy.tls", "{certificates: [{cert: app.pem, key: app.key}]}");
            if (t != null) {
                Map<String, Node> te = reader.entries(t, "proxy.tls");
                reader.rejectUnknown(t, List.of("certificates"), "proxy.tls");
                if (te.containsKey("certificates")) {
                    tls = new Settings.Tls(reader.each(te.get("certificates"), "proxy.tls.certificates", false,
                            "a list of {cert: chain.pem, key: key.pem}", this::certificate));
                }
            }
        }
        Settings.Limits dl = Settings.Limits.defaults();
        Settings.Limits limits = new Settings.Limits(
                value(e, "max_body_size", "proxy.max_body_size", n -> reader.size(n, "proxy.max_body_size"), dl.maxBodySize()),
                value(e, "header_timeout", "proxy.header_timeout", n -> reader.duration(n, "proxy.header_timeout"), dl.headerTimeout()),
                value(e, "keepalive_timeout", "proxy.keepalive_timeout", n -> reader.duration(n, "proxy.keepalive_timeout"),
                        dl.keepaliveTimeout()),
                value(e, "max_connections", "proxy.max_connections", n -> reader.integer(n, "proxy.max_connections", 1,
                        10_000_000, "a positive whole number such as 10000"), dl.maxConnections()),
                value(e, "connect_timeout", "proxy.connect_timeout", n -> reader.duration(n, "proxy.connect_timeout"), dl.connectTimeout()),
                value(e, "read_timeout", "proxy.read_timeout", n -> reader.duration(n, "proxy.read_timeout"), dl.readTimeout()),
                value(e, "max_fails", "proxy.max_fails", n -> reader.integer(n, "proxy.max_fails", 0, 1000,
                        "a whole number, 0 to never take a container out"), dl.maxFails()),
                value(e, "fail_timeout", "proxy.fail_timeout", n -> reader.duration(n, "proxy.fail_timeout"), dl.failTimeout()));
        return new Settings.Proxy(bind, drain, log, tls, limits, streams(e, limits));
    }

    private Settings.StreamLimits streams(Map<String, Node> e, Settings.Limits limits) {
        Settings.StreamLimits d = Settings.StreamLimits.defaults();
        return new Settings.StreamLimits(
                positive(e, "stream_idle_timeout", d.idleTimeout()),
                positive(e, "udp_session_timeout", d.udpSessionTimeout()),
                // One connect timeout for both proxies unless the stream one is set apart.
                positive(e, "stream_connect_timeout", limits.connectTimeout()),
                value(e, "max_stream_connections", "proxy.max_stream_connections", n -> reader.integer(n,
                        "proxy.max_stream_connections", 0, 10_000_000, "a whole number such as 1000, 0 for no limit"),
                        d.maxConnections()));
    }

    /** A duration of {@code proxy:} that must be longer than 0 (0 would turn the timeout off). */
    private Duration positive(Map<String, Node> e, String key, Duration fallback) {
        String path = "proxy." + key;
        Duration value = value(e, key, path, n -> reader.duration(n, path), fallback);
        if (value.isZero()) {
            reader.error(e.get(key), path, NodeReader.text(e.get(key)), "is not longer than 0",
                    "a duration longer than 0 such as 500ms, 30s or 10m");
            return fallback;
        }
        return value;
    }

    private Settings.Certificate certificate(Node node, String path) {
        MappingNode m = reader.mapping(node, path, "{cert: chain.pem, key: key.pem}");
        if (m == null) {
            return null;
        }
        Map<String, Node> e = reader.entries(m, path);
        reader.rejectUnknown(m, List.of("cert", "key"), path);
        Path cert = path(e, "cert", path + ".cert");
        Path key = path(e, "key", path + ".key");
        if (cert == null || key == null) {
            reader.error(m, path, null, "needs both cert and key", "{cert: chain.pem, key: key.pem}");
            return null;
        }
        return new Settings.Certificate(cert, key);
    }

    private Settings.Dns dns(Map<String, Node> e) {
        Settings.Dns d = Settings.Dns.defaults();
        String zone = value(e, "zone", "dns.zone", this::zone, d.zone());
        List<Endpoint> listen = e.containsKey("listen")
                ? reader.each(e.get("listen"), "dns.listen", true, "addresses such as [127.0.0.1:53]", (n, p) -> reader.endpoint(n, p, 53))
                : d.listen();
        Endpoint central = value(e, "central_listen", "dns.central_listen", n -> reader.endpoint(n, "dns.central_listen", 53), d.centralListen());
        List<Endpoint> upstreams = e.containsKey("upstreams")
                ? reader.each(e.get("upstreams"), "dns.upstreams", true, "resolver addresses such as [10.0.0.2, 1.1.1.1:53]", this::upstream)
                : d.upstreams();
        Duration ttl = value(e, "ttl", "dns.ttl", n -> reader.duration(n, "dns.ttl"), d.ttl());
        List<Cidr> allow = e.containsKey("allow")
                ? reader.each(e.get("allow"), "dns.allow", true, "address blocks such as [127.0.0.0/8]", reader::cidr)
                : d.allow();
        return new Settings.Dns(zone, listen, central, upstreams, ttl, allow);
    }

    private Endpoint upstream(Node node, String path) {
        // The SPEC's example writes the default as a phrase; accept it as "use resolv.conf".
        if (RESOLV_CONF.equals(NodeReader.text(node))) {
            return null;
        }
        return reader.endpoint(node, path, 53);
    }

    private String zone(Node node) {
        String text = reader.scalar(node, "dns.zone", ZONE);
        if (text == null) {
            return null;
        }
        String z = text.trim().toLowerCase(Locale.ROOT);
        z = z.endsWith(".") ? z.substring(0, z.length() - 1) : z;
        if (!z.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")) {
            reader.error(node, "dns.zone", text, "is not a DNS zone", ZONE);
            return null;
        }
        return z;
    }

    private Settings.Overlay overlay(Map<String, Node> e) {
        Settings.Overlay d = Settings.Overlay.defaults();
        Boolean enabled = value(e, "enabled", "overlay.enabled", n -> reader.bool(n, "overlay.enabled"), d.enabled());
        Cidr network = value(e, "network", "overlay.network", n -> reader.cidr(n, "overlay.network"), d.network());
        Integer slice = value(e, "slice_prefix", "overlay.slice_prefix",
                n -> reader.integer(n, "overlay.slice_prefix", 1, 128, "a prefix length such as 24"), d.slicePrefix());
        if (network != null && slice <= network.prefix()) {
            reader.error(e.get("slice_prefix") != null ? e.get("slice_prefix") : e.get("network"), "overlay.slice_prefix",
                    Integer.toString(slice), "is not longer than the network's prefix /" + network.prefix(),
                    "a prefix longer than " + network.prefix() + " such as " + Math.min(network.prefix() + 12, 24));
        }
        Integer port = value(e, "port", "overlay.port", n -> reader.port(n, "overlay.port"), d.port());
        Integer mtu = value(e, "mtu", "overlay.mtu", n -> reader.integer(n, "overlay.mtu", 576, 9000, "an MTU from 576 to 9000"), d.mtu());
        return new Settings.Overlay(enabled, network, slice, port, mtu, path(e, "private_key_file", "overlay.private_key_file"),
                path(e, "secret_file", "overlay.secret_file"));
    }

    private Path path(Map<String, Node> e, String key, String path) {
        Node node = e.get(key);
        if (node == null || NodeReader.isNull(node)) {
            return null;
        }
        String text = reader.scalar(node, path, "a file path (relative to edge.yml)");
        return text == null ? null : baseDir.resolve(text.trim()).normalize();
    }

    /** Reads an optional key; absent, empty or invalid (reported) gives the fallback. */
    private <T> T value(Map<String, Node> e, String key, String path, Function<Node, T> read, T fallback) {
        Node node = e.get(key);
        if (node == null || NodeReader.isNull(node)) {
            return fallback;
        }
        T value = read.apply(node);
        return value == null ? fallback : value;
    }
}
