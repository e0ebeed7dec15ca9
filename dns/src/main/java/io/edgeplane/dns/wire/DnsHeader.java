package io.edgeplane.dns.wire;

/** Offsets and bits of the 12-byte DNS header (RFC 1035 §4.1.1) and a few RR constants. */
public final class DnsHeader {

    public static final int LENGTH = 12;
    public static final int ID = 0;
    public static final int FLAGS = 2;
    public static final int QDCOUNT = 4;
    public static final int ANCOUNT = 6;
    public static final int NSCOUNT = 8;
    public static final int ARCOUNT = 10;

    public static final int QR = 0x8000;
    public static final int OPCODE_MASK = 0x7800;
    public static final int AA = 0x0400;
    public static final int TC = 0x0200;
    public static final int RD = 0x0100;
    public static final int RA = 0x0080;
    public static final int RCODE_MASK = 0x000f;

    public static final int TYPE_OPT = 41;
    /** Without EDNS a UDP answer must fit in 512 bytes (RFC 1035 §4.2.1). */
    public static final int CLASSIC_UDP_SIZE = 512;
    /** The EDNS payload size this server advertises: the DNS Flag Day 2020 value, no fragments. */
    public static final int ADVERTISED_UDP_SIZE = 1232;
    /** Bytes of an OPT record without options. */
    public static final int OPT_LENGTH = 11;

    private DnsHeader() {
    }
}
