package io.edgeplane.conf.model;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * This server's settings (edge.yml). Every key is optional; {@link #defaults()} is what an
 * empty file means. Paths are already resolved against the file that named them.
 */
public record Settings(Node node, Central central, Control control, Proxy proxy, Dns dns, Overlay overlay) {

    public static Settings defaults() {
        return new Settings(Node.defaults(), Central.NONE, Control.defaults(), Proxy.defaults(),
                Dns.defaults(), Overlay.defaults());
    }

    /** {@code node:} this server's name in the inventory and its roles. */
    public record Node(String name, Set<Role> roles) {
        public Node {
            roles = Set.copyOf(roles);
        }

        public static Node defaults() {
            return new Node(localHostName(), Set.of(Role.CENTRAL, Role.NODE));
        }

        public boolean isCentral() {
            return roles.contains(Role.CENTRAL);
        }

        private static String localHostName() {
            String env = System.getenv("HOSTNAME");
            if (env != null && !env.isBlank()) {
                return env;
            }
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                return "localhost";
            }
        }
    }

    /** {@code central:} where a node that is not the central follows it; null url when this is the central. */
    public record Central(URI url, Path tokenFile, Path caFile, String pin) {
        public static final Central NONE = new Central(null, null, null, null);
    }

    /** {@code control:} the control API listener; HTTPS when {@code tls} (a certificate and key) is set. */
    public record Control(Endpoint listen, Path stateDir, Path tokenFile, Certificate tls) {
        public Control(Endpoint listen, Path stateDir, Path tokenFile) {
            this(listen, stateDir, tokenFile, null);
        }

        public static Control defaults() {
            return new Control(Endpoint.of("127.0.0.1", 7070), null, null, null);
        }
    }

    /** {@code proxy:} the data plane. {@code accessLog} null = stdout, {@code "off"} = none. */
    public record Proxy(InetAddress bind, Duration drainTimeout, String accessLog, Tls tls, Limits limits,
                        StreamLimits streams) {
        public Proxy(InetAddress bind, Duration drainTimeout, String accessLog, Tls tls) {
            this(bind, drainTimeout, accessLog, tls, Limits.defaults());
        }

        public Proxy(InetAddress bind, Duration drainTimeout, String accessLog, Tls tls, Limits limits) {
            this(bind, drainTimeout, accessLog, tls, limits, StreamLimits.defaults());
        }

        public static Proxy defaults() {
            return new Proxy(InetAddress.ofLiteral("0.0.0.0"), Duration.ofSeconds(300), null, Tls.NONE, Limits.defaults(),
                    StreamLimits.defaults());
        }
    }

    /**
     * {@code proxy:} limits and timeouts, named and defaulted as their nginx counterparts
     * ({@code client_max_body_size} 0 = unlimited, {@code client_header_timeout},
     * {@code keepalive_timeout}, {@code worker_connections}, {@code proxy_connect_timeout},
     * {@code proxy_read_timeout}, {@code max_fails}, {@code fail_timeout}).
     */
    public record Limits(long maxBodySize, Duration headerTimeout, Duration keepaliveTimeout, int maxConnections,
                         Duration connectTimeout, Duration readTimeout, int maxFails, Duration failTimeout) {
        public static Limits defaults() {
            return new Limits(0, Duration.ofSeconds(60), Duration.ofSeconds(75), 10_000, Duration.ofSeconds(10),
                    Duration.ofSeconds(60), 1, Duration.ofSeconds(10));
        }
    }

    /**
     * {@code proxy:} limits and timeouts of the {@code tcp:} and {@code udp:} ports, after nginx's
     * {@code stream} module where it has a counterpart.
     *
     * @param idleTimeout       {@code stream_idle_timeout}: a TCP connection with no byte moving
     *                          either way for this long is closed (nginx proxy_timeout, 10m)
     * @param udpSessionTimeout {@code udp_session_timeout}: a UDP session with no datagram either
     *                          way for this long ends (60s: longer than common NAT UDP timeouts,
     *                          shorter than nginx's 10m that keeps a socket per one-shot client)
     * @param connectTimeout    {@code stream_connect_timeout}: a container that does not accept in
     *                          this time is skipped for the next (defaults to {@code connect_timeout})
     * @param maxConnections    {@code max_stream_connections}: open TCP connections, or UDP
     *                          sessions, per port; more are refused (nginx limit_conn); 0 = unlimited
     */
    public record StreamLimits(Duration idleTimeout, Duration udpSessionTimeout, Duration connectTimeout,
                               int maxConnections) {
        public static StreamLimits defaults() {
            return new StreamLimits(Duration.ofMinutes(10), Duration.ofSeconds(60), Limits.defaults().connectTimeout(), 0);
        }
    }

    /** {@code proxy.tls:} certificates to choose from by SNI. */
    public record Tls(List<Certificate> certificates) {
        public static final Tls NONE = new Tls(List.of());

        public Tls {
            certificates = List.copyOf(certificates);
        }
    }

    /** One certificate chain and its private key, both PEM files. */
    public record Certificate(Path cert, Path key) {
    }

    /** {@code dns:} ElasticDNS. Empty {@code upstreams} means those of /etc/resolv.conf. */
    public record Dns(String zone, List<Endpoint> listen, Endpoint centralListen, List<Endpoint> upstreams,
                      Duration ttl, List<Cidr> allow) {
        public Dns {
            listen = List.copyOf(listen);
            upstreams = List.copyOf(upstreams);
            allow = List.copyOf(allow);
        }

        public static Dns defaults() {
            return new Dns("cloud66.local", List.of(Endpoint.of("127.0.0.1", 53)), Endpoint.of("127.0.0.1", 5300),
                    List.of(), Duration.ofSeconds(5), List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("10.32.0.0/12")));
        }
    }

    /** {@code overlay:} ContainerNet. */
    public record Overlay(boolean enabled, Cidr network, int slicePrefix, int port, int mtu,
                          Path privateKeyFile, Path secretFile) {
        public static Overlay defaults() {
            return new Overlay(false, Cidr.parse("10.32.0.0/12"), 24, 6784, 1420, null, null);
        }
    }
}
