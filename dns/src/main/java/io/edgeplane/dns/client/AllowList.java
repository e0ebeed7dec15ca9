package io.edgeplane.dns.client;

import io.edgeplane.conf.model.Cidr;
import java.net.InetAddress;
import java.util.List;

/** {@code dns.allow}: the clients the node client answers; everyone else is REFUSED. */
record AllowList(List<Cidr> blocks) {

    AllowList {
        blocks = List.copyOf(blocks);
    }

    boolean allows(InetAddress client) {
        for (Cidr c : blocks) {
            if (c.contains(client)) {
                return true;
            }
        }
        return false;
    }
}
