package io.edgeplane.overlay.attach;

import io.edgeplane.conf.model.Cidr;
import io.edgeplane.overlay.tun.IpRoute;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Attaches a network namespace (a container) to the overlay, Calico-style, with iproute2:
 *
 * <pre>
 *   container netns                     server (host netns)
 *   cnet0  10.32.1.5/32  ── veth ──  ep&lt;hash&gt;   route 10.32.1.5/32 dev ep&lt;hash&gt;
 *   default via 10.32.1.1 (onlink)       proxy_arp on, so it answers for 10.32.1.1
 *   /etc/netns/NS/resolv.conf: nameserver 10.32.1.1      cnet0 (TUN) 10.32.1.1/12
 * </pre>
 *
 * The gateway is the server's own cnet0 address, so the container needs no per-attachment
 * subnet; the /32 host route and proxy ARP carry packets both ways, and the kernel forwards
 * between the veth and cnet0. When the namespace already has a default route (a Docker
 * bridge, say), only the overlay network is routed through cnet0 and its default is kept.
 * {@link #detach} deletes the veth (which takes the route with it) and the resolv.conf.
 */
public final class NetnsAttach {

    /** What an attachment made: enough to register the container and to undo it. */
    public record Attachment(String netns, String id, String hostVeth, InetAddress address, InetAddress gateway) {
    }

    private final Cidr network;
    private final int mtu;
    private final InetAddress dns;
    private final Path etcNetns;
    private final String hostNetns;

    /**
     * @param network   the overlay network (routed via the gateway inside the container)
     * @param dns       the node DNS client's address as the container sees it
     * @param etcNetns  normally /etc/netns (where {@code ip netns exec} finds per-namespace resolv.conf)
     * @param hostNetns the namespace acting as the server (null: the current one; tests use their own)
     */
    public NetnsAttach(Cidr network, int mtu, InetAddress dns, Path etcNetns, String hostNetns) {
        this.network = network;
        this.mtu = mtu;
        this.dns = dns;
        this.etcNetns = etcNetns;
        this.hostNetns = hostNetns;
    }

    /** The host-side veth name for a container: stable, so detach finds it from the id alone. */
    public static String hostVeth(String netns, String id) {
        byte[] h = io.edgeplane.overlay.crypto.Blake2s.hash((netns + "\0" + id).getBytes(StandardCharsets.UTF_8));
        return "ep" + HexFormat.of().formatHex(h, 0, 5);
    }

    public Attachment attach(String netns, String id, InetAddress address, InetAddress gateway) throws IOException {
        String host = hostVeth(netns, id);
        String temp = "ec" + host.substring(2);
        boolean v6 = address.getAddress().length == 16;
        String hostBits = v6 ? "/128" : "/32";
        try {
            host("link", "add", host, "type", "veth", "peer", "name", temp, "netns", netns);
            IpRoute.ip("-n", netns, "link", "set", temp, "name", "cnet0");
            IpRoute.ip("-n", netns, "link", "set", "lo", "up");
            IpRoute.ip("-n", netns, "link", "set", "cnet0", "mtu", Integer.toString(mtu), "up");
            IpRoute.ip("-n", netns, "addr", "add", address.getHostAddress() + hostBits, "dev", "cnet0");
            IpRoute.ip("-n", netns, "route", "add", gateway.getHostAddress() + hostBits, "dev", "cnet0", "scope", "link");
            String existingDefault = IpRoute.ip("-n", netns, v6 ? "-6" : "-4", "route", "show", "default");
            if (existingDefault.isBlank()) {
                IpRoute.ip("-n", netns, "route", "add", "default", "via", gateway.getHostAddress(), "dev", "cnet0");
            } else {
                IpRoute.ip("-n", netns, "route", "replace", network.toString(), "via", gateway.getHostAddress(), "dev", "cnet0");
            }
            host("link", "set", host, "mtu", Integer.toString(mtu), "up");
            sysctl(v6 ? "net.ipv6.conf." + host + ".proxy_ndp=1" : "net.ipv4.conf." + host + ".proxy_arp=1");
            host("route", "replace", address.getHostAddress() + hostBits, "dev", host);
            writeResolvConf(netns);
        } catch (IOException | RuntimeException e) {
            detach(netns, id);
            throw e;
        }
        return new Attachment(netns, id, host, address, gateway);
    }

    /** Undoes {@link #attach}; safe to call when parts (or all) of it are already gone. */
    public void detach(String netns, String id) throws IOException {
        String host = hostVeth(netns, id);
        List<String> cmd = new ArrayList<>();
        if (hostNetns != null) {
            cmd.addAll(List.of("-n", hostNetns));
        }
        cmd.addAll(List.of("link", "del", host));
        IpRoute.ipQuietly(cmd.toArray(String[]::new));
        Path dir = etcNetns.resolve(netns);
        Files.deleteIfExists(dir.resolve("resolv.conf"));
        try (var rest = Files.exists(dir) ? Files.list(dir) : java.util.stream.Stream.<Path>empty()) {
            if (Files.exists(dir) && rest.findAny().isEmpty()) {
                Files.delete(dir);
            }
        }
    }

    private void writeResolvConf(String netns) throws IOException {
        Path dir = etcNetns.resolve(netns);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("resolv.conf"), "# written by edge overlay attach\nnameserver " + dns.getHostAddress() + "\n");
    }

    private void host(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (hostNetns != null) {
            cmd.addAll(List.of("-n", hostNetns));
        }
        cmd.addAll(List.of(args));
        IpRoute.ip(cmd.toArray(String[]::new));
    }

    private void sysctl(String assignment) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (hostNetns != null) {
            cmd.addAll(List.of("ip", "netns", "exec", hostNetns));
        }
        cmd.addAll(List.of("sysctl", "-q", "-w", assignment));
        IpRoute.run(cmd);
    }
}
