package io.edgeplane.overlay;

import io.edgeplane.conf.model.Cidr;
import io.edgeplane.conf.model.Config;
import io.edgeplane.conf.model.Server;
import io.edgeplane.overlay.device.PeerSpec;
import io.edgeplane.overlay.device.PeerTable;
import io.edgeplane.overlay.noise.NoisePublicKey;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Compiles a registry snapshot into the device's PeerTable: one peer per other server with a key and a slice. */
public final class OverlayPeers {

    private OverlayPeers() {
    }

    public static PeerTable compile(Config config, Map<String, Cidr> slices, byte[] presharedKey) {
        String self = config.settings().node().name();
        int port = config.settings().overlay().port();
        List<PeerSpec> peers = new ArrayList<>();
        for (Server s : config.inventory().servers()) {
            Cidr slice = slices.get(s.name());
            if (s.name().equals(self) || s.overlayKey() == null || slice == null) {
                continue;
            }
            peers.add(new PeerSpec(s.name(), NoisePublicKey.fromBase64(s.overlayKey()),
                    new InetSocketAddress(s.address(), port), List.of(slice), presharedKey));
        }
        return new PeerTable(peers);
    }
}
