package io.edgeplane.overlay.netns;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Just enough of libpcap's file format (Ethernet or raw IP link types) to inspect a capture. */
record Pcap(List<Frame> frames) {

    /** One captured frame: its IP packet (null for non-IP such as ARP) and the whole frame. */
    record Frame(byte[] frame, byte[] ip) {
        int ipVersion() {
            return ip == null ? 0 : (ip[0] & 0xff) >>> 4;
        }

        int protocol() {
            return ip[9] & 0xff;
        }

        String src() {
            return (ip[12] & 0xff) + "." + (ip[13] & 0xff) + "." + (ip[14] & 0xff) + "." + (ip[15] & 0xff);
        }

        int ihl() {
            return (ip[0] & 0x0f) * 4;
        }

        int srcPort() {
            return (ip[ihl()] & 0xff) << 8 | (ip[ihl() + 1] & 0xff);
        }

        int dstPort() {
            return (ip[ihl() + 2] & 0xff) << 8 | (ip[ihl() + 3] & 0xff);
        }

        byte[] udpPayload() {
            int start = ihl() + 8;
            byte[] out = new byte[ip.length - start];
            System.arraycopy(ip, start, out, 0, out.length);
            return out;
        }
    }

    static Pcap read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<Frame> frames = new ArrayList<>();
        if (b.remaining() < 24) {
            return new Pcap(frames);
        }
        int magic = b.getInt(0);
        if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
            b.order(ByteOrder.BIG_ENDIAN);
        }
        int linkType = b.getInt(20);
        b.position(24);
        while (b.remaining() >= 16) {
            b.getInt();
            b.getInt();
            int incl = b.getInt();
            b.getInt();
            if (incl > b.remaining()) {
                break;
            }
            byte[] frame = new byte[incl];
            b.get(frame);
            byte[] ip = null;
            if (linkType == 1 && frame.length > 14 && (frame[12] & 0xff) == 0x08 && frame[13] == 0x00) {
                ip = java.util.Arrays.copyOfRange(frame, 14, frame.length);
            } else if (linkType == 1 && frame.length > 14 && (frame[12] & 0xff) == 0x86 && (frame[13] & 0xff) == 0xdd) {
                ip = java.util.Arrays.copyOfRange(frame, 14, frame.length);
            } else if (linkType == 101 || linkType == 12) {
                ip = frame;
            }
            frames.add(new Frame(frame, ip));
        }
        return new Pcap(frames);
    }

    static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
