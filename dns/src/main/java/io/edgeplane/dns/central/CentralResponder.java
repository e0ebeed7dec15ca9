package io.edgeplane.dns.central;

import io.edgeplane.dns.answer.Answer;
import io.edgeplane.dns.answer.Answerer;
import io.edgeplane.dns.wire.DnsHeader;
import io.edgeplane.dns.wire.ShortResponses;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.List;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Query bytes and sender in, response bytes out (or null: drop). The central is asked only by
 * node clients, at cache-miss rate, so it parses whole messages with dnsjava; the node client
 * is the part built for speed.
 */
public final class CentralResponder {

    /** The central's advertised EDNS size: its clients are node clients on a private network. */
    static final int UDP_SIZE = 4096;

    private CentralResponder() {
    }

    public static byte[] respond(Answerer answerer, ByteBuffer packet, InetAddress source, boolean tcp) {
        Message query;
        try {
            query = new Message(packet.duplicate());
        } catch (IOException | RuntimeException e) {
            return packet.remaining() >= DnsHeader.LENGTH && (packet.get(packet.position() + 2) & 0x80) == 0
                    ? ShortResponses.formErr(packet) : null;
        }
        if (query.getHeader().getFlag(Flags.QR)) {
            return null;
        }
        Record question = query.getQuestion();
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setOpcode(query.getHeader().getOpcode());
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        OPTRecord opt = query.getOPT();
        if (query.getHeader().getOpcode() != Opcode.QUERY) {
            response.getHeader().setRcode(Rcode.NOTIMP);
        } else if (question == null || query.getSection(Section.QUESTION).size() != 1) {
            response.getHeader().setRcode(Rcode.FORMERR);
        } else if (opt != null && opt.getVersion() > 0) {
            response.addRecord(question, Section.QUESTION);
            response.addRecord(new OPTRecord(UDP_SIZE, Rcode.BADVERS >>> 4, 0), Section.ADDITIONAL);
        } else {
            ClientSubnetOption ecs = EcsOption.of(opt);
            boolean useEcs = ecs != null && answerer.trustsEcsFrom(source);
            InetAddress caller = useEcs ? EcsOption.caller(ecs) : source;
            Answer answer = answerer.answer(question.getName(), question.getType(), question.getDClass(), caller);
            response.addRecord(question, Section.QUESTION);
            response.getHeader().setRcode(answer.rcode());
            if (answer.rcode() != Rcode.REFUSED) {
                response.getHeader().setFlag(Flags.AA);
            }
            answer.answers().forEach(r -> response.addRecord(r, Section.ANSWER));
            answer.authority().forEach(r -> response.addRecord(r, Section.AUTHORITY));
            if (opt != null) {
                // ECS from a sender not trusted to speak for others is ignored, and so not
                // echoed (RFC 7871 §7.2.1): the answer was made for the sender itself.
                List<EDNSOption> options = useEcs ? List.of(EcsOption.echo(ecs, answer.dependsOnCaller())) : List.of();
                response.addRecord(new OPTRecord(UDP_SIZE, 0, 0, 0, options), Section.ADDITIONAL);
            }
        }
        if (opt != null && response.getOPT() == null) {
            response.addRecord(new OPTRecord(UDP_SIZE, 0, 0), Section.ADDITIONAL);
        }
        int limit = tcp ? 0xffff : opt == null ? DnsHeader.CLASSIC_UDP_SIZE : Math.max(DnsHeader.CLASSIC_UDP_SIZE, opt.getPayloadSize());
        return response.toWire(limit);
    }
}
