package io.edgeplane.overlay.device;

import io.edgeplane.conf.model.Cidr;
import io.edgeplane.overlay.noise.NoisePublicKey;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * One peer as configuration says it is: its key, where to reach it first (null: only once it
 * writes to us), the addresses it owns (its slice) and the pre-shared key (null: none).
 */
public record PeerSpec(String name, NoisePublicKey key, InetSocketAddress endpoint, List<Cidr> allowedIps, byte[] presharedKey) {

    public PeerSpec {
        allowedIps = List.copyOf(allowedIps);
        presharedKey = presharedKey == null ? null : presharedKey.clone();
    }
}
