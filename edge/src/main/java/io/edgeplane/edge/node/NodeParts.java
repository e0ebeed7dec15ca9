package io.edgeplane.edge.node;

import io.edgeplane.conf.model.Role;
import io.edgeplane.conf.model.Settings;
import io.edgeplane.dns.central.CentralServer;
import io.edgeplane.dns.client.NodeClient;
import io.edgeplane.proxy.Proxy;
import io.edgeplane.proxy.ProxyOptions;
import io.edgeplane.edge.overlay.OverlayAgent;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;

/** The parts a node runs, in start order, chosen from this server's settings. */
final class NodeParts {

    private NodeParts() {
    }

    /**
     * @param meters where parts register their meters (shown by {@code GET /metrics}); see
     *               {@link io.edgeplane.edge.metrics} for names. A part that also implements
     *               {@link io.edgeplane.edge.control.ContainerStates} answers the API's container states.
     */
    static List<NodePart> forNode(Settings settings, MeterRegistry meters) {
        List<NodePart> parts = new ArrayList<>();
        if (settings.node().roles().contains(Role.NODE)) {
            // Limits are read once: a change of them in edge.yml takes effect at the next start.
            Proxy proxy = new Proxy(ProxyOptions.from(settings.proxy().limits()));
            parts.add(new AdaptedPart("proxy", proxy::apply, proxy));
        }
        // The central answers before the node client asks it, so it starts first.
        if (settings.node().roles().contains(Role.CENTRAL)) {
            CentralServer central = new CentralServer();
            parts.add(new AdaptedPart("dns-central", central::apply, central));
        }
        if (settings.node().roles().contains(Role.NODE)) {
            NodeClient client = new NodeClient();
            parts.add(new AdaptedPart("dns-client", client::apply, client));
        }
        // The overlay agent runs where containers run: a central-only server has none.
        if (settings.overlay().enabled() && settings.node().roles().contains(Role.NODE)) {
            OverlayAgent overlay = new OverlayAgent(settings.overlay());
            parts.add(new AdaptedPart("overlay", overlay::apply, overlay));
        }
        return parts;
    }
}
