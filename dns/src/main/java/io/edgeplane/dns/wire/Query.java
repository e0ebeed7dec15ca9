package io.edgeplane.dns.wire;

/**
 * The parts of a client's query the node client needs, copied out of the packet so the packet
 * can be released while the answer is fetched. {@code question} is the question section as sent
 * (case preserved, for the echo); {@code name} the query name in wire form, lower-cased (the
 * cache key). {@code udpSize} is 0 without EDNS; {@code ednsVersion} is the OPT's version (0 without).
 */
public record Query(int id, int flags, byte[] question, byte[] name, int type, int dnsClass, int udpSize,
                    int ednsVersion) {

    public boolean edns() {
        return udpSize > 0;
    }

    public boolean recursionDesired() {
        return (flags & DnsHeader.RD) != 0;
    }

    /** The largest UDP answer this client takes: 512 without EDNS, else what it advertised. */
    public int udpLimit() {
        return edns() ? Math.max(DnsHeader.CLASSIC_UDP_SIZE, udpSize) : DnsHeader.CLASSIC_UDP_SIZE;
    }
}
