package io.edgeplane.dns.client;

import io.edgeplane.conf.model.Cidr;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;

/**
 * {@code dns.allow}: the clients the node client answers; everyone else is REFUSED. IPv4 blocks
 * are kept as masks too: every query is checked, and {@link Cidr#contains} copies both addresses.
 */
final class AllowList {

    private final List<Cidr> blocks;
    private final int[] v4Base;
    private final int[] v4Mask;

    AllowList(List<Cidr> blocks) {
        this.blocks = List.copyOf(blocks);
        List<Cidr> v4 = this.blocks.stream().filter(c -> c.base() instanceof Inet4Address).toList();
        v4Base = new int[v4.size()];
        v4Mask = new int[v4.size()];
        for (int i = 0; i < v4.size(); i++) {
            int prefix = v4.get(i).prefix();
            v4Mask[i] = prefix == 0 ? 0 : -1 << (32 - prefix);
            // Inet4Address's hash code is its address as an int (always so in the JDK), and free.
            v4Base[i] = v4.get(i).base().hashCode() & v4Mask[i];
        }
    }

    boolean allows(InetAddress client) {
        if (client instanceof Inet4Address) {
            int a = client.hashCode();
            for (int i = 0; i < v4Base.length; i++) {
                if ((a & v4Mask[i]) == v4Base[i]) {
                    return true;
                }
            }
            // Cidr never matches across families, so no IPv6 block can admit it.
            return false;
        }
        for (Cidr c : blocks) {
            if (c.contains(client)) {
                return true;
            }
        }
        return false;
    }
}
