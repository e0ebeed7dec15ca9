package io.edgeplane.conf.check;

import io.edgeplane.conf.Problem;
import io.edgeplane.conf.model.Config;
import io.edgeplane.conf.model.Container;
import io.edgeplane.conf.model.Database;
import io.edgeplane.conf.model.Server;
import io.edgeplane.conf.model.Service;
import io.edgeplane.conf.yaml.NearestWord;
import io.edgeplane.conf.yaml.SourceMap;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** References between inventory.yml, service.yml and edge.yml, and uniqueness of names. */
final class InventoryCheck {

    private final Config config;
    private final SourceMap sources;
    private final List<Problem> problems;

    InventoryCheck(Config config, SourceMap sources, List<Problem> problems) {
        this.config = config;
        this.sources = sources;
        this.problems = problems;
    }

    void run() {
        servers();
        containers();
        containerAddresses();
        databases();
        thisNode();
    }

    private void servers() {
        List<Server> servers = config.inventory().servers();
        Map<String, Integer> names = new HashMap<>();
        Map<InetAddress, Integer> addresses = new HashMap<>();
        Map<String, Integer> keys = new HashMap<>();
        for (int i = 0; i < servers.size(); i++) {
            Server s = servers.get(i);
            String path = sources.pathOf(s, "servers[" + i + "]");
            Integer before = names.putIfAbsent(s.name(), i);
            if (before != null) {
                error(path + ".name", s.name(), "is a server name already used by " + sources.pathOf(servers.get(before), "servers[" + before + "]"), "unique server names");
            }
            before = addresses.putIfAbsent(s.address(), i);
            if (before != null) {
                error(path + ".address", s.address().getHostAddress(), "is already the address of server "
                        + servers.get(before).name(), "one underlay address per server");
            }
            for (int j = 0; j < i && s.slice() != null; j++) {
                Server other = servers.get(j);
                if (other.slice() != null && overlaps(s.slice(), other.slice())) {
                    error(path + ".slice", s.slice().toString(), "overlaps the slice " + other.slice() + " of server "
                            + other.name(), "a slice of its own per server (leave it out and the central assigns one)");
                }
            }
            if (s.overlayKey() != null && (before = keys.putIfAbsent(s.overlayKey(), i)) != null) {
                error(path + ".overlay_key", s.overlayKey(), "is already the key of server " + servers.get(before).name(),
                        "a key pair of its own per server (edge overlay keygen)");
            }
        }
    }

    private void containers() {
        List<Container> containers = config.inventory().containers();
        List<String> services = config.services().list().stream().map(Service::name).toList();
        List<String> servers = config.inventory().servers().stream().map(Server::name).toList();
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < containers.size(); i++) {
            Container c = containers.get(i);
            String path = sources.pathOf(c, "containers[" + i + "]");
            Integer before = ids.putIfAbsent(c.id(), i);
            if (before != null) {
                error(path + ".id", c.id(), "is a container id already used by containers[" + before + "]", "unique container ids");
            }
            if (!services.contains(c.service())) {
                error(path + ".service", c.service(), "is not a service of service.yml",
                        services.isEmpty() ? "a service defined in service.yml (it defines none)" : NearestWord.hint(c.service(), services));
            }
            if (!servers.contains(c.server())) {
                error(path + ".server", c.server(), "is not a server of inventory.yml",
                        servers.isEmpty() ? "a server listed under servers: (none are)" : NearestWord.hint(c.server(), servers));
            }
        }
    }

    /**
     * Each container address names one container: the proxy connects to it and ElasticDNS
     * tells callers apart by it. Containers reached through ports published on a shared
     * address may share it as long as no published port is claimed twice. An address in
     * another server's slice could never be reached: the overlay only accepts a peer's packets
     * from its own slice.
     */
    private void containerAddresses() {
        List<Container> containers = config.inventory().containers();
        Map<InetAddress, Integer> whole = new HashMap<>();
        Map<InetAddress, Integer> shared = new HashMap<>();
        Map<String, Integer> ports = new HashMap<>();
        for (int i = 0; i < containers.size(); i++) {
            Container c = containers.get(i);
            if (c.address() == null) {
                continue;
            }
            String path = sources.pathOf(c, "containers[" + i + "]") + ".address";
            String address = c.address().getHostAddress();
            Integer before = whole.get(c.address());
            String claimed = address;
            if (before == null && c.published().isEmpty()) {
                before = shared.get(c.address());
            }
            for (int port : c.published().values()) {
                if (before == null) {
                    before = ports.putIfAbsent(address + ":" + port, i);
                    claimed = address + ":" + port;
                }
            }
            if (before != null) {
                error(path, claimed, "is already the address of container " + containers.get(before).id(),
                        "an address of its own per container (or distinct published ports on a shared address)");
            } else if (c.published().isEmpty()) {
                whole.put(c.address(), i);
            } else {
                shared.putIfAbsent(c.address(), i);
            }
            for (Server s : config.inventory().servers()) {
                if (s.slice() != null && !s.name().equals(c.server()) && s.slice().contains(c.address())) {
                    error(path, address, "is in the slice " + s.slice() + " of server " + s.name()
                            + ", but the container runs on server " + c.server(),
                            "an address in the slice of server " + c.server() + " (or leave it out and IPAM assigns one)");
                }
            }
        }
    }

    private void databases() {
        for (Database db : config.inventory().databases()) {
            if (config.services().get(db.name()).isPresent()) {
                error("databases." + db.name(), db.name(), "is also the name of a service, so " + db.name() + "."
                        + config.settings().dns().zone() + " would be ambiguous", "a database name that is not a service name");
            }
        }
    }

    private void thisNode() {
        List<Server> servers = config.inventory().servers();
        String name = config.settings().node().name();
        if (!servers.isEmpty() && servers.stream().noneMatch(s -> s.name().equals(name))) {
            problems.add(Problem.warning(sources.locate("node.name"), "node.name", name,
                    "is not a server of inventory.yml, so this node has no containers of its own",
                    NearestWord.hint(name, servers.stream().map(Server::name).toList())));
        }
    }

    private static boolean overlaps(io.edgeplane.conf.model.Cidr a, io.edgeplane.conf.model.Cidr b) {
        return a.contains(b.base()) || b.contains(a.base());
    }

    private void error(String path, String value, String message, String valid) {
        problems.add(Problem.error(sources.locate(path), path, value, message, valid));
    }
}
