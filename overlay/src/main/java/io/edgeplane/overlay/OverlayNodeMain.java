package io.edgeplane.overlay;

import io.edgeplane.conf.model.Cidr;
import io.edgeplane.overlay.device.Bind;
import io.edgeplane.overlay.device.Device;
import io.edgeplane.overlay.device.LinuxUdpBind;
import io.edgeplane.overlay.device.PeerSpec;
import io.edgeplane.overlay.device.PeerTable;
import io.edgeplane.overlay.device.UdpBind;
import io.edgeplane.overlay.keys.WgKeys;
import io.edgeplane.overlay.noise.NoisePublicKey;
import io.edgeplane.overlay.tun.IpRoute;
import io.edgeplane.overlay.tun.LinuxTun;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One overlay node configured from the command line, wg-style, without the registry: what the
 * namespace tests and perf/ run inside {@code ip netns exec}. Prints {@code ready} once up;
 * reads commands on stdin: {@code stats} prints one line of counters, {@code quit} (or EOF) stops.
 *
 * <pre>
 * java -cp ... io.edgeplane.overlay.OverlayNodeMain --private-key FILE --listen 6784 \
 *      --tun cnet0 --mtu 1420 --address 10.32.1.1/16 [--psk FILE] [--under-load] [--no-offloads] \
 *      --peer BASE64PUB@HOST:PORT=10.32.2.0/24[,CIDR...] ...
 * </pre>
 * {@code --no-offloads}: a plain TUN and a DatagramChannel, one system call per packet (for
 * comparison); by default the TUN has TSO/checksum offloads and UDP goes out with GSO and
 * comes in with GRO.
 */
public final class OverlayNodeMain {

    private OverlayNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        Path key = null;
        Path psk = null;
        int port = 6784;
        String tunName = "cnet0";
        int mtu = 1420;
        String address = null;
        boolean underLoad = false;
        boolean offloads = true;
        List<String> peerArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--private-key" -> key = Path.of(args[++i]);
                case "--psk" -> psk = Path.of(args[++i]);
                case "--listen" -> port = Integer.parseInt(args[++i]);
                case "--tun" -> tunName = args[++i];
                case "--mtu" -> mtu = Integer.parseInt(args[++i]);
                case "--address" -> address = args[++i];
                case "--under-load" -> underLoad = true;
                case "--no-offloads" -> offloads = false;
                case "--peer" -> peerArgs.add(args[++i]);
                default -> {
                    System.err.println("unknown argument " + args[i] + "; see the class comment");
                    System.exit(1);
                }
            }
        }
        if (key == null) {
            System.err.println("--private-key FILE is required");
            System.exit(1);
        }
        byte[] privateKey = WgKeys.readPrivateKey(key);
        byte[] presharedKey = psk == null ? null : WgKeys.readPresharedKey(psk);
        List<PeerSpec> peers = new ArrayList<>();
        for (String p : peerArgs) {
            peers.add(parsePeer(p, presharedKey));
        }
        LinuxTun tun = LinuxTun.open(tunName, mtu, false, offloads);
        IpRoute.configure(tun.name(), mtu, address);
        Bind bind = offloads ? new LinuxUdpBind(port) : new UdpBind(new InetSocketAddress(port));
        Device device = new Device(privateKey, tun, bind);
        device.apply(new PeerTable(peers));
        device.forceUnderLoad(underLoad);
        device.start();
        System.out.println("ready " + device.publicKey());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        String line;
        while ((line = in.readLine()) != null) {
            switch (line.trim()) {
                case "stats" -> {
                    StringBuilder sb = new StringBuilder("stats");
                    device.stats().snapshot().forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
                    System.out.println(sb);
                    System.out.flush();
                }
                case "quit" -> {
                    device.close();
                    return;
                }
                default -> {
                }
            }
        }
        device.close();
    }

    static PeerSpec parsePeer(String text, byte[] psk) {
        int at = text.indexOf('@');
        int eq = text.indexOf('=', at);
        NoisePublicKey key = NoisePublicKey.fromBase64(text.substring(0, at));
        String hostPort = text.substring(at + 1, eq);
        int colon = hostPort.lastIndexOf(':');
        InetSocketAddress endpoint = new InetSocketAddress(InetAddress.ofLiteral(hostPort.substring(0, colon).replace("[", "").replace("]", "")),
                Integer.parseInt(hostPort.substring(colon + 1)));
        List<Cidr> allowed = Arrays.stream(text.substring(eq + 1).split(",")).map(Cidr::parse).toList();
        return new PeerSpec(hostPort, key, endpoint, allowed, psk);
    }
}
