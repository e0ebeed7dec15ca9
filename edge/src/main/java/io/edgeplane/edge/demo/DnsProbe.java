package io.edgeplane.edge.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Questions to the demo's DNS client, optionally sent from a container's address: ElasticDNS
 * knows the caller by its address, which is how an old container gets old addresses.
 */
final class DnsProbe {

    private final int port;

    DnsProbe(int port) {
        this.port = port;
    }

    /** The A records for {@code name} (empty on NXDOMAIN or no answer), asked from {@code from} (null: any). */
    List<String> addresses(String name, String from) throws IOException {
        SimpleResolver resolver = new SimpleResolver(InetAddress.ofLiteral("127.0.0.1"));
        resolver.setPort(port);
        resolver.setTimeout(Duration.ofSeconds(2));
        if (from != null) {
            resolver.setLocalAddress(new InetSocketAddress(InetAddress.ofLiteral(from), 0));
        }
        Message answer = resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name + "."), Type.A, DClass.IN)));
        return answer.getSection(Section.ANSWER).stream().filter(ARecord.class::isInstance)
                .map(r -> ((ARecord) r).getAddress().getHostAddress()).toList();
    }
}
