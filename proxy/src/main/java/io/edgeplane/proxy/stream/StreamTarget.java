package io.edgeplane.proxy.stream;

import io.edgeplane.proxy.upstream.PassiveHealth;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One container as the stream proxy dials it: its id, version, the address of the mapped port
 * and its passive health for that port (shared by every table that lists it, so a reload does
 * not forget a failing container).
 *
 * <p>Equal by container and address only: a connection compares the target it was dialled
 * through with later tables' to tell whether it is still routed, and a target whose health state
 * was forgotten meanwhile (it left a table for a while) is still the same container.
 */
public record StreamTarget(String containerId, String service, int version, InetSocketAddress address,
                           PassiveHealth health) {

    /** For UDP targets and tests: never taken out (there is no connect to fail). */
    public static final PassiveHealth ALWAYS_AVAILABLE = new PassiveHealth(0, 0);

    public StreamTarget(String containerId, String service, int version, InetSocketAddress address) {
        this(containerId, service, version, address, ALWAYS_AVAILABLE);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StreamTarget t && version == t.version && containerId.equals(t.containerId)
                && service.equals(t.service) && address.equals(t.address);
    }

    @Override
    public int hashCode() {
        return Objects.hash(containerId, service, version, address);
    }
}
