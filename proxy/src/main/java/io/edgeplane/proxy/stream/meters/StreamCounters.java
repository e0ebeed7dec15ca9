package io.edgeplane.proxy.stream.meters;

/**
 * The counters of one service's {@code tcp:} or {@code udp:} ports, resolved once per service
 * and protocol: recording is an adder increment, never a lookup by tag. Safe from any thread.
 */
public interface StreamCounters {

    /** No registry: nothing is counted. */
    StreamCounters NONE = new StreamCounters() {
        @Override
        public void opened() {
        }

        @Override
        public void bytesIn(long bytes) {
        }

        @Override
        public void bytesOut(long bytes) {
        }

        @Override
        public void connectFailed() {
        }
    };

    /** A TCP connection was relayed to a container, or a UDP session started. */
    void opened();

    /** Bytes relayed from the client to the container. */
    void bytesIn(long bytes);

    /** Bytes relayed from the container to the client. */
    void bytesOut(long bytes);

    /** A container did not accept a connection (refused, unreachable or timed out). */
    void connectFailed();
}
