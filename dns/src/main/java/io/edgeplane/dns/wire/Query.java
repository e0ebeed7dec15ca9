package io.edgeplane.dns.wire;

/**
 * The parts of a client's query the node client needs, copied out of the packet so the packet
 * can be released while the answer is fetched. {@code question} is the question section as sent
 * (case preserved, for the echo); {@code name} the query name in wire form, lower-cased (the
 * cache key). {@code udpSize} is 0 without EDNS; {@code ednsVersion} is the OPT's version (0 without).
 */
public record Query(int id, int flags, byte[] question, byte[] name, int type, int dnsClass, int udpSize,
                    int ednsVersion) implements Asked {

    @Override
    public int questionLength() {
        return question.length;
    }

    @Override
    public void putQuestion(java.nio.ByteBuffer out) {
        out.put(question);
    }

    @Override
    public boolean edns() {
        return udpSize > 0;
    }

    public boolean recursionDesired() {
        return (flags & DnsHeader.RD) != 0;
    }

}
