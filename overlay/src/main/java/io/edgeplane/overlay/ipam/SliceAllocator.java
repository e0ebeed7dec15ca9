package io.edgeplane.overlay.ipam;

import io.edgeplane.conf.model.Cidr;
import io.edgeplane.conf.model.Server;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Hands each server a slice ({@code slicePrefix}) of the overlay network. Deterministic and
 * durable: servers keep the slice they had (when it still fits the network), new servers get
 * the lowest free slices in the order they are listed, removed servers' slices become free.
 * The central persists the result with the registry and passes it back as {@code previous}.
 */
public final class SliceAllocator {

    private SliceAllocator() {
    }

    /**
     * @param previous  the last assignments, server name to slice (may be empty)
     * @param servers   the servers now in the inventory
     * @return every current server's slice, in server order
     * @throws IllegalStateException when the network has no slice left
     */
    public static Map<String, Cidr> assign(Map<String, Cidr> previous, Collection<Server> servers, Cidr network, int slicePrefix) {
        int bits = network.base().getAddress().length * 8;
        if (slicePrefix <= network.prefix() || slicePrefix > bits) {
            throw new IllegalArgumentException("slice prefix /" + slicePrefix + " must be longer than the network's /" + network.prefix());
        }
        Map<String, Cidr> result = new LinkedHashMap<>();
        Set<Cidr> taken = new HashSet<>();
        for (Server s : servers) {
            Cidr had = previous.get(s.name());
            if (had != null && had.prefix() == slicePrefix && network.contains(had.base()) && taken.add(had)) {
                result.put(s.name(), had);
            }
        }
        BigInteger base = toInteger(network.base());
        BigInteger count = BigInteger.ONE.shiftLeft(slicePrefix - network.prefix());
        BigInteger step = BigInteger.ONE.shiftLeft(bits - slicePrefix);
        BigInteger next = BigInteger.ZERO;
        for (Server s : servers) {
            if (result.containsKey(s.name())) {
                continue;
            }
            Cidr slice;
            do {
                if (next.compareTo(count) >= 0) {
                    throw new IllegalStateException("overlay network " + network + " has no free /" + slicePrefix
                            + " slice left for server " + s.name());
                }
                slice = Cidr.of(toAddress(base.add(next.multiply(step)), bits), slicePrefix);
                next = next.add(BigInteger.ONE);
            } while (taken.contains(slice));
            taken.add(slice);
            result.put(s.name(), slice);
        }
        Map<String, Cidr> ordered = new LinkedHashMap<>();
        for (Server s : servers) {
            ordered.put(s.name(), result.get(s.name()));
        }
        return ordered;
    }

    static BigInteger toInteger(InetAddress a) {
        return new BigInteger(1, a.getAddress());
    }

    static InetAddress toAddress(BigInteger value, int bits) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[bits / 8];
        int copy = Math.min(raw.length, out.length);
        System.arraycopy(raw, raw.length - copy, out, out.length - copy, copy);
        try {
            return InetAddress.getByAddress(out);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
