package io.edgeplane.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.List;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/** A blocking DNS client for tests that can send from any loopback address (acting as a caller). */
public final class TestDnsClient {

    private TestDnsClient() {
    }

    public static Message query(String name, int type) {
        try {
            return Message.newQuery(Record.newRecord(Name.fromString(name.endsWith(".") ? name : name + "."), type, DClass.IN));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    public static Message withEdns(Message q, int udpSize, EDNSOption... options) {
        q.addRecord(new OPTRecord(udpSize, 0, 0, 0, List.of(options)), Section.ADDITIONAL);
        return q;
    }

    public static Message withEcs(Message q, String caller) {
        InetAddress a = InetAddress.ofLiteral(caller);
        return withEdns(q, 1232, new ClientSubnetOption(a.getAddress().length * 8, a));
    }

    public static Message udp(InetSocketAddress server, Message query, String from) throws IOException {
        byte[] raw = udpRaw(server, query.toWire(), from, 2000);
        if (raw == null) {
            throw new SocketTimeoutException("no answer from " + server);
        }
        return new Message(raw);
    }

    /** Sends bytes, returns the answer or null after {@code timeoutMillis}. */
    public static byte[] udpRaw(InetSocketAddress server, byte[] packet, String from, int timeoutMillis) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.ofLiteral(from), 0))) {
            socket.setSoTimeout(timeoutMillis);
            socket.send(new DatagramPacket(packet, packet.length, server));
            byte[] buf = new byte[65535];
            DatagramPacket in = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(in);
            } catch (SocketTimeoutException e) {
                return null;
            }
            return Arrays.copyOf(buf, in.getLength());
        }
    }

    public static Message tcp(InetSocketAddress server, Message query, String from) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.ofLiteral(from), 0));
            socket.connect(server, 2000);
            socket.setSoTimeout(2000);
            byte[] q = query.toWire();
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeShort(q.length);
            out.write(q);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] answer = new byte[in.readUnsignedShort()];
            in.readFully(answer);
            return new Message(answer);
        }
    }

    public static List<String> addresses(Message m) {
        return m.getSection(Section.ANSWER).stream().map(r -> r.rdataToString()).toList();
    }

    public static ClientSubnetOption ecs(Message m) {
        OPTRecord opt = m.getOPT();
        if (opt == null) {
            return null;
        }
        List<EDNSOption> o = opt.getOptions(EDNSOption.Code.CLIENT_SUBNET);
        return o.isEmpty() ? null : (ClientSubnetOption) o.getFirst();
    }
}
