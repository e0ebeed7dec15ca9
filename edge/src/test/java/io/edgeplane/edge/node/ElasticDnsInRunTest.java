package io.edgeplane.edge.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgeplane.edge.ConfigTexts;
import io.edgeplane.edge.EdgeProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** `edge run` starts ElasticDNS from the registry: the node client answers zone names. */
class ElasticDnsInRunTest {

    @TempDir
    Path dir;

    @Test
    void nodeClientAnswersServiceNamesFromTheRegistry() throws Exception {
        ConfigTexts.Ports ports = ConfigTexts.write(dir, ConfigTexts.GOOD_SERVICES);
        try (EdgeProcess edge = EdgeProcess.main(dir, "run", "-c", "edge.yml")) {
            edge.awaitLine(0, "running at revision 1");
            SimpleResolver resolver = new SimpleResolver("127.0.0.1");
            resolver.setPort(ports.dns());
            resolver.setTimeout(Duration.ofSeconds(2));
            Message answer = resolver.send(Message.newQuery(Record.newRecord(Name.fromString("api.cloud66.local."), Type.A, DClass.IN)));
            assertEquals(Rcode.NOERROR, answer.getRcode(), answer::toString);
            assertEquals("10.32.1.6", ((ARecord) answer.getSection(Section.ANSWER).getFirst()).getAddress().getHostAddress());
            Message unknown = resolver.send(Message.newQuery(Record.newRecord(Name.fromString("nope.cloud66.local."), Type.A, DClass.IN)));
            assertEquals(Rcode.NXDOMAIN, unknown.getRcode(), () -> Arrays.toString(unknown.getSection(Section.AUTHORITY).toArray()));
        }
    }
}
