package io.edgeplane.overlay.ipam;

import io.edgeplane.conf.model.Cidr;
import io.edgeplane.conf.model.Container;
import io.edgeplane.conf.model.Inventory;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Container addresses inside a server's slice. The slice's first address is its network, the
 * second the server's own cnet0 address (the containers' gateway and DNS), the last the
 * broadcast address (IPv4); containers get the lowest address not used by any container the
 * inventory already lists, so an address is never handed out twice while it is registered.
 */
public final class AddressAllocator {

    private AddressAllocator() {
    }

    /** The server's own overlay address in its slice: the containers' gateway. */
    public static InetAddress gateway(Cidr slice) {
        int bits = slice.base().getAddress().length * 8;
        return SliceAllocator.toAddress(SliceAllocator.toInteger(slice.base()).add(BigInteger.ONE), bits);
    }

    /** The lowest free container address of {@code slice}. */
    public static InetAddress allocate(Cidr slice, Collection<InetAddress> used) {
        Set<BigInteger> taken = new HashSet<>();
        for (InetAddress a : used) {
            taken.add(SliceAllocator.toInteger(a));
        }
        int bits = slice.base().getAddress().length * 8;
        BigInteger base = SliceAllocator.toInteger(slice.base());
        BigInteger size = BigInteger.ONE.shiftLeft(bits - slice.prefix());
        BigInteger last = bits == 32 ? size.subtract(BigInteger.ONE) : size;
        for (BigInteger i = BigInteger.TWO; i.compareTo(last) < 0; i = i.add(BigInteger.ONE)) {
            BigInteger candidate = base.add(i);
            if (!taken.contains(candidate)) {
                return SliceAllocator.toAddress(candidate, bits);
            }
        }
        throw new IllegalStateException("slice " + slice + " has no free address");
    }

    /**
     * Addresses for every container of the inventory: existing ones kept, those without an
     * address given one in their server's slice. Containers on servers without a slice are left out.
     */
    public static Map<String, InetAddress> assign(Inventory inventory, Map<String, Cidr> slices) {
        Map<String, InetAddress> result = new LinkedHashMap<>();
        Set<InetAddress> used = new HashSet<>();
        for (Container c : inventory.containers()) {
            if (c.address() != null) {
                result.put(c.id(), c.address());
                used.add(c.address());
            }
        }
        for (Container c : inventory.containers()) {
            Cidr slice = slices.get(c.server());
            if (c.address() == null && slice != null) {
                InetAddress a = allocate(slice, used);
                used.add(a);
                result.put(c.id(), a);
            }
        }
        return result;
    }
}
