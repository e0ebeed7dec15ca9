package io.edgeplane.dns.net;

import java.nio.ByteBuffer;

/**
 * Whether a datagram answers the query we sent: a response, with our ID and our question
 * (name compared without case). Anything else on the socket is ignored, which together with
 * random IDs and ports is what stands between us and a spoofed answer.
 */
final class ResponseMatcher {

    private ResponseMatcher() {
    }

    static boolean matches(byte[] query, ByteBuffer response) {
        int base = response.position();
        int length = response.remaining();
        if (length < 12 || query.length < 12) {
            return false;
        }
        if (response.get(base) != query[0] || response.get(base + 1) != query[1]) {
            return false;
        }
        if ((response.get(base + 2) & 0x80) == 0) {
            return false;
        }
        if (response.get(base + 4) != 0 || response.get(base + 5) != 1) {
            // A response without the question (some FORMERRs) cannot be matched to ours.
            return false;
        }
        // The question starts right after both headers; compare it byte by byte up to its end.
        int end = questionEnd(query);
        if (end < 0 || length < end) {
            return false;
        }
        for (int i = 12; i < end; i++) {
            if (lower(query[i]) != lower(response.get(base + i))) {
                return false;
            }
        }
        return true;
    }

    private static int questionEnd(byte[] query) {
        int p = 12;
        while (p < query.length) {
            int len = query[p] & 0xff;
            if (len == 0) {
                return p + 5 <= query.length ? p + 5 : -1;
            }
            if ((len & 0xc0) != 0) {
                return -1;
            }
            p += 1 + len;
        }
        return -1;
    }

    private static byte lower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
    }
}
