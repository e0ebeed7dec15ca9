package io.edgeplane.perf.load;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.concurrent.ThreadLocalRandom;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A DNS client on one UDP socket: one query (recursion desired) at a time, a fresh ID each, and
 * an answer with that ID awaited until the timeout. Errors: no answer in time, an ICMP port
 * unreachable, an rcode other than NOERROR, or NOERROR without any answer record.
 */
final class DnsExchange implements Exchange {

    private final DatagramSocket socket;
    private final byte[] query;
    private final byte[] answer = new byte[4096];
    private final DatagramPacket reply = new DatagramPacket(answer, answer.length);
    private final DatagramPacket send;
    private final int timeoutMillis;
    private boolean connectError;

    DnsExchange(InetSocketAddress server, String name, String type, int timeoutMillis) throws IOException {
        int t = Type.value(type.toUpperCase(java.util.Locale.ROOT));
        if (t < 0) {
            throw new IllegalArgumentException("unknown DNS type " + type);
        }
        try {
            query = Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), t, DClass.IN)).toWire();
        } catch (TextParseException e) {
            throw new IllegalArgumentException("bad DNS name " + name + ": " + e.getMessage(), e);
        }
        socket = new DatagramSocket();
        socket.connect(server);
        send = new DatagramPacket(query, query.length);
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public String exchange() {
        connectError = false;
        int id = ThreadLocalRandom.current().nextInt(0x10000);
        query[0] = (byte) (id >> 8);
        query[1] = (byte) id;
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        try {
            socket.send(send);
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return "timeout";
                }
                socket.setSoTimeout((int) left);
                reply.setLength(answer.length);
                socket.receive(reply);
                if (reply.getLength() < 12 || (((answer[0] & 0xff) << 8) | (answer[1] & 0xff)) != id) {
                    continue; // a late answer to an earlier query
                }
                int rcode = answer[3] & 0x0f;
                if (rcode != Rcode.NOERROR) {
                    return "rcode " + Rcode.string(rcode);
                }
                int answers = ((answer[6] & 0xff) << 8) | (answer[7] & 0xff);
                return answers == 0 && (answer[2] & 0x02) == 0 ? "no answer records" : null;
            }
        } catch (SocketTimeoutException e) {
            return "timeout";
        } catch (PortUnreachableException e) {
            connectError = true;
            return "port unreachable";
        } catch (SocketException e) {
            connectError = true;
            return "socket " + e.getMessage();
        } catch (IOException e) {
            return "io " + e.getClass().getSimpleName();
        }
    }

    @Override
    public boolean lastWasConnectError() {
        return connectError;
    }

    @Override
    public void close() {
        socket.close();
    }
}
