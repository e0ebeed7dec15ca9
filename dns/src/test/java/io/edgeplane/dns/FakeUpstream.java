package io.edgeplane.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A tiny recursive resolver stand-in on a loopback address: {@code <n>.big.test} has n A
 * records, anything else under {@code example.com} one (192.0.2.7, TTL 60), the rest NXDOMAIN.
 * Records what it was asked (ID and source port) so tests can check the forwarder's habits.
 */
public final class FakeUpstream implements AutoCloseable {

    public record Asked(int id, int port, String name, boolean recursionDesired, boolean tcp) {
    }

    private final DatagramSocket udp;
    private final ServerSocket tcp;
    public final List<Asked> asked = new CopyOnWriteArrayList<>();

    public FakeUpstream(String address) throws IOException {
        InetAddress a = InetAddress.ofLiteral(address);
        udp = new DatagramSocket(new InetSocketAddress(a, 0));
        tcp = new ServerSocket();
        tcp.bind(new InetSocketAddress(a, udp.getLocalPort()));
        Thread.ofVirtual().start(this::serveUdp);
        Thread.ofVirtual().start(this::serveTcp);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) udp.getLocalSocketAddress();
    }

    private void serveUdp() {
        byte[] buf = new byte[65535];
        while (!udp.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                udp.receive(p);
                Message q = new Message(java.util.Arrays.copyOf(buf, p.getLength()));
                asked.add(new Asked(q.getHeader().getID(), p.getPort(), q.getQuestion().getName().toString(),
                        q.getHeader().getFlag(Flags.RD), false));
                byte[] r = answer(q).toWire(q.getOPT() == null ? 512 : q.getOPT().getPayloadSize());
                udp.send(new DatagramPacket(r, r.length, p.getSocketAddress()));
            } catch (IOException e) {
                // closed, or a packet we cannot read: keep serving until closed
            }
        }
    }

    private void serveTcp() {
        while (!tcp.isClosed()) {
            try (Socket s = tcp.accept()) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                byte[] qb = new byte[in.readUnsignedShort()];
                in.readFully(qb);
                Message q = new Message(qb);
                asked.add(new Asked(q.getHeader().getID(), s.getPort(), q.getQuestion().getName().toString(),
                        q.getHeader().getFlag(Flags.RD), true));
                byte[] r = answer(q).toWire();
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                out.writeShort(r.length);
                out.write(r);
                out.flush();
            } catch (IOException e) {
                // next connection
            }
        }
    }

    private static Message answer(Message q) throws IOException {
        Message r = new Message(q.getHeader().getID());
        r.getHeader().setFlag(Flags.QR);
        r.getHeader().setFlag(Flags.RA);
        r.getHeader().setFlag(Flags.RD);
        Record question = q.getQuestion();
        r.addRecord(question, Section.QUESTION);
        Name name = question.getName();
        String text = name.toString().toLowerCase();
        if (text.endsWith(".big.test.") && question.getType() == Type.A) {
            int n = Integer.parseInt(text.substring(0, text.indexOf('.')));
            for (int i = 0; i < n; i++) {
                r.addRecord(new ARecord(name, DClass.IN, 60, InetAddress.ofLiteral("198.51.100." + (i % 250 + 1))), Section.ANSWER);
            }
        } else if (text.endsWith("example.com.") && question.getType() == Type.A) {
            r.addRecord(new ARecord(name, DClass.IN, 60, InetAddress.ofLiteral("192.0.2.7")), Section.ANSWER);
        } else {
            r.getHeader().setRcode(Rcode.NXDOMAIN);
            r.addRecord(Record.fromString(Name.root, Type.SOA, DClass.IN, 30,
                    "a.root-servers.net. nstld.verisign-grs.com. 1 1800 900 604800 30", Name.root), Section.AUTHORITY);
        }
        return r;
    }

    @Override
    public void close() throws IOException {
        udp.close();
        tcp.close();
    }
}
