package io.edgeplane.overlay.netns;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.HexFormat;

/** Sends each hex argument as one UDP datagram to HOST PORT: the attacker on the underlay. */
public final class UdpInjectMain {
    private UdpInjectMain() {
    }

    public static void main(String[] args) throws Exception {
        InetAddress host = InetAddress.ofLiteral(args[0]);
        int port = Integer.parseInt(args[1]);
        try (DatagramSocket s = new DatagramSocket()) {
            for (int i = 2; i < args.length; i++) {
                byte[] b = HexFormat.of().parseHex(args[i]);
                s.send(new DatagramPacket(b, b.length, host, port));
                Thread.sleep(50);
            }
        }
    }
}
