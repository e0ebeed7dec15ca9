package io.edgeplane.overlay;

import io.edgeplane.conf.model.Cidr;
import io.edgeplane.conf.model.Config;
import io.edgeplane.conf.model.Settings;
import io.edgeplane.overlay.device.Bind;
import io.edgeplane.overlay.device.Device;
import io.edgeplane.overlay.device.DeviceStats;
import io.edgeplane.overlay.device.LinuxUdpBind;
import io.edgeplane.overlay.ipam.AddressAllocator;
import io.edgeplane.overlay.ipam.SliceAllocator;
import io.edgeplane.overlay.keys.WgKeys;
import io.edgeplane.overlay.tun.IpRoute;
import io.edgeplane.overlay.tun.LinuxTun;
import io.edgeplane.overlay.tun.Tun;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The overlay part of a node: the {@code cnet0} TUN, the WireGuard device on the overlay port
 * and, on each registry snapshot, {@link #apply(Config)}: slices from IPAM, then a PeerTable
 * published to the device with one volatile write.
 *
 * <p>Slices: the inventory has no field for them yet, so by default each node runs the pure
 * {@link SliceAllocator} over the snapshots it sees, keeping its previous answer; every node
 * agrees as long as servers are appended to the inventory. {@code slices} lets the caller
 * supply the central's assignments instead (see the issue notes).
 */
public final class ContainerNet implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ContainerNet.class.getName());
    public static final String TUN_NAME = "cnet0";

    private final Device device;
    private final Tun tun;
    private final byte[] presharedKey;
    private final boolean configureTun;
    private final UnaryOperator<Map<String, Cidr>> persist;
    private volatile Map<String, Cidr> slices = Map.of();
    private volatile Cidr ownSlice;

    /**
     * @param persist called with each new slice assignment (to store it); returns what to use
     */
    public ContainerNet(byte[] privateKey, byte[] presharedKey, Tun tun, Bind bind, boolean configureTun,
                        Map<String, Cidr> previousSlices, UnaryOperator<Map<String, Cidr>> persist) {
        this.device = new Device(privateKey, tun, bind);
        this.tun = tun;
        this.presharedKey = presharedKey == null ? null : presharedKey.clone();
        this.configureTun = configureTun;
        this.slices = Map.copyOf(previousSlices);
        this.persist = persist;
    }

    /** Opens cnet0 and the overlay port as edge.yml says; needs CAP_NET_ADMIN. */
    public static ContainerNet open(Settings.Overlay overlay, Map<String, Cidr> previousSlices,
                                    UnaryOperator<Map<String, Cidr>> persist) throws IOException {
        if (overlay.privateKeyFile() == null || !Files.exists(overlay.privateKeyFile())) {
            throw new IOException("overlay.private_key_file " + overlay.privateKeyFile()
                    + " is missing: create it with `edge overlay keygen`");
        }
        byte[] key = WgKeys.readPrivateKey(overlay.privateKeyFile());
        Path secret = overlay.secretFile();
        byte[] psk = secret != null && Files.exists(secret) ? WgKeys.readPresharedKey(secret) : null;
        // the kernel forwards between cnet0 and the containers' veths
        try {
            Files.writeString(Path.of("/proc/sys/net/ipv4/ip_forward"), "1");
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot enable ip_forward: " + e.getMessage());
        }
        // TSO and checksum offloads on the TUN, UDP GSO/GRO on the socket: see perf/results/overlay.md
        LinuxTun tun = LinuxTun.open(TUN_NAME, overlay.mtu(), false, true);
        Bind bind = new LinuxUdpBind(overlay.port());
        return new ContainerNet(key, psk, tun, bind, true, previousSlices, persist);
    }

    public void start() {
        device.start();
    }

    /** Takes a registry snapshot: slices, this server's cnet0 address, peers. */
    public void apply(Config config) throws IOException {
        Settings.Overlay overlay = config.settings().overlay();
        Map<String, Cidr> next = SliceAllocator.assign(slices, config.inventory().servers(), overlay.network(), overlay.slicePrefix());
        if (!next.equals(slices)) {
            next = persist.apply(next);
            slices = Map.copyOf(next);
        }
        Cidr own = slices.get(config.settings().node().name());
        if (configureTun && own != null && !own.equals(ownSlice)) {
            String address = AddressAllocator.gateway(own).getHostAddress() + "/" + overlay.network().prefix();
            IpRoute.configure(tun.name(), overlay.mtu(), address);
            LOG.log(Level.INFO, "{0} is {1} (slice {2})", tun.name(), address, own);
        }
        ownSlice = own;
        device.apply(OverlayPeers.compile(config, slices, presharedKey));
    }

    public Map<String, Cidr> slices() {
        return slices;
    }

    public Cidr ownSlice() {
        return ownSlice;
    }

    public String publicKey() {
        return device.publicKey().toString();
    }

    public DeviceStats stats() {
        return device.stats();
    }

    public Device device() {
        return device;
    }

    @Override
    public void close() throws IOException {
        device.close();
    }
}
