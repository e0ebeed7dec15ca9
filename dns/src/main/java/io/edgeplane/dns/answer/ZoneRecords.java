package io.edgeplane.dns.answer;

import java.net.InetAddress;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TextParseException;

/**
 * The zone's own records: the SOA at the apex (also the authority of every negative answer,
 * whose TTL caches then use, RFC 2308) and one NS naming {@code ns.<zone>}.
 */
record ZoneRecords(Name zone, SOARecord soa, NSRecord ns, Name nsName, InetAddress nsAddress) {

    static ZoneRecords of(String zone, long ttlSeconds, long serial, InetAddress centralAddress) {
        try {
            Name apex = Name.fromString(zone.endsWith(".") ? zone : zone + ".");
            Name ns = Name.fromString("ns", apex);
            Name admin = Name.fromString("hostmaster", apex);
            // The minimum (negative TTL) equals the answer TTL: a name that appears in the next
            // snapshot is visible as soon as a new container would be.
            SOARecord soa = new SOARecord(apex, DClass.IN, ttlSeconds, ns, admin, serial & 0xffffffffL,
                    3600, 600, 86400, ttlSeconds);
            NSRecord nsRecord = new NSRecord(apex, DClass.IN, ttlSeconds, ns);
            InetAddress nsAddress = centralAddress == null || centralAddress.isAnyLocalAddress() ? null : centralAddress;
            return new ZoneRecords(apex, soa, nsRecord, ns, nsAddress);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("zone " + zone + " is not a DNS name", e);
        }
    }
}
