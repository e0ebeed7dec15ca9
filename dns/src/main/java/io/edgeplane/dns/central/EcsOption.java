package io.edgeplane.dns.central;

import java.net.InetAddress;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.OPTRecord;

/** Reading the EDNS Client Subnet option of a query and writing its echo (RFC 7871 §7.2.1). */
final class EcsOption {

    private EcsOption() {
    }

    /** The query's ECS option, or null. */
    static ClientSubnetOption of(OPTRecord opt) {
        if (opt == null) {
            return null;
        }
        for (EDNSOption o : opt.getOptions(EDNSOption.Code.CLIENT_SUBNET)) {
            if (o instanceof ClientSubnetOption ecs) {
                return ecs;
            }
        }
        return null;
    }

    /**
     * The caller an option names: its address when the prefix is a whole address. A shorter
     * prefix names a network, not a container, so the caller is unknown (null).
     */
    static InetAddress caller(ClientSubnetOption ecs) {
        int full = ecs.getAddress().getAddress().length * 8;
        return ecs.getSourcePrefixLength() == full ? ecs.getAddress() : null;
    }

    /**
     * The echo: family, source prefix and address as asked, with the scope the answer is valid
     * for. An answer that depends on the caller is valid for that one address only.
     */
    static ClientSubnetOption echo(ClientSubnetOption asked, boolean dependsOnCaller) {
        int full = asked.getAddress().getAddress().length * 8;
        return new ClientSubnetOption(asked.getSourcePrefixLength(), dependsOnCaller ? full : 0, asked.getAddress());
    }
}
