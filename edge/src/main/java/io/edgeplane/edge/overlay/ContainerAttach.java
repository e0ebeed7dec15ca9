package io.edgeplane.edge.overlay;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeplane.conf.model.Cidr;
import io.edgeplane.conf.model.Container;
import io.edgeplane.conf.model.Inventory;
import io.edgeplane.conf.model.Server;
import io.edgeplane.conf.model.Settings;
import io.edgeplane.overlay.attach.NetnsAttach;
import io.edgeplane.overlay.ipam.AddressAllocator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code edge overlay attach | detach}: a container's namespace plugged into cnet0's network
 * with an address of this server's slice, then registered (so the proxy and ElasticDNS find it
 * only once it is reachable); detach unregisters first, then unplugs.
 *
 * <p>The address is the lowest one of the slice that no registered container has. Two attaches
 * at once on one server could pick the same; after registering, each looks again and the one
 * that sees another container on its address gives it up and tries the next, after a random
 * pause (the central itself does not refuse duplicate addresses).
 */
public final class ContainerAttach {

    private static final int ATTEMPTS = 5;

    /** What attach did. */
    public record Attached(String id, InetAddress address, InetAddress gateway, String hostVeth) {
    }

    private final Settings settings;
    private final RegistryEndpoint registry;
    private final Path etcNetns;

    public ContainerAttach(Settings settings, RegistryEndpoint registry, Path etcNetns) {
        this.settings = settings;
        this.registry = registry;
        this.etcNetns = etcNetns;
    }

    public Attached attach(String netns, String id, String service, int version) throws IOException, InterruptedException {
        String self = settings.node().name();
        for (int attempt = 1; ; attempt++) {
            Inventory inventory = registry.inventory();
            Server server = inventory.server(self).orElseThrow(() -> new IOException("this server, " + self
                    + " (node.name), is not in the inventory of " + registry.base() + "; add it under servers:"));
            Cidr slice = server.slice();
            if (slice == null) {
                throw new IOException("server " + self + " has no overlay slice yet: the central assigns one when"
                        + " overlay.enabled is true in its edge.yml");
            }
            Container existing = inventory.container(id).orElse(null);
            if (existing != null && !existing.server().equals(self)) {
                throw new IOException("container " + id + " is already registered on server " + existing.server());
            }
            InetAddress address = existing != null && existing.address() != null && slice.contains(existing.address())
                    ? existing.address() : AddressAllocator.allocate(slice, used(inventory, id));
            InetAddress gateway = AddressAllocator.gateway(slice);
            NetnsAttach plumbing = plumbing(gateway);
            NetnsAttach.Attachment made = plumbing.attach(netns, id, address, gateway);
            try {
                RegistryEndpoint.Reply reply = registry.postJson("/v1/containers", body(id, service, version, self, address));
                if (!reply.ok()) {
                    throw new IOException("the registry refused container " + id + ": " + reply.status() + " " + reply.body());
                }
                if (!takenByAnother(id, address)) {
                    return new Attached(id, address, gateway, made.hostVeth());
                }
                registry.delete(containerPath(id));
                if (attempt == ATTEMPTS) {
                    throw new IOException("gave up after " + ATTEMPTS + " attempts: other containers were registered"
                            + " with each address of " + slice + " chosen for " + id);
                }
            } catch (IOException | InterruptedException | RuntimeException e) {
                plumbing.detach(netns, id);
                throw e;
            }
            plumbing.detach(netns, id);
            Thread.sleep(ThreadLocalRandom.current().nextLong(50, 300));
        }
    }

    /** Unregisters and unplugs; returns whether the registry had the container. */
    public boolean detach(String netns, String id) throws IOException, InterruptedException {
        RegistryEndpoint.Reply reply = registry.delete(containerPath(id));
        // unplugged whatever the registry says: the container is going away
        plumbing(InetAddress.ofLiteral("0.0.0.0")).detach(netns, id);
        if (reply.status() == 404) {
            return false;
        }
        if (!reply.ok()) {
            throw new IOException("unplugged, but the registry did not remove container " + id + ": " + reply.status()
                    + " " + reply.body());
        }
        return true;
    }

    private NetnsAttach plumbing(InetAddress dns) {
        Settings.Overlay o = settings.overlay();
        // the node's DNS client is reached on the gateway: the server's own cnet0 address
        return new NetnsAttach(o.network(), o.mtu(), dns, etcNetns, null);
    }

    private boolean takenByAnother(String id, InetAddress address) throws IOException, InterruptedException {
        return registry.inventory().containers().stream()
                .anyMatch(c -> !c.id().equals(id) && address.equals(c.address()));
    }

    private static List<InetAddress> used(Inventory inventory, String except) {
        List<InetAddress> used = new ArrayList<>();
        for (Container c : inventory.containers()) {
            if (c.address() != null && !c.id().equals(except)) {
                used.add(c.address());
            }
        }
        return used;
    }

    static String containerPath(String id) {
        return "/v1/containers/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String body(String id, String service, int version, String server, InetAddress address)
            throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("service", service);
        m.put("version", version);
        m.put("server", server);
        m.put("address", address.getHostAddress());
        return new ObjectMapper().writeValueAsString(m);
    }
}
