package io.edgeplane.edge.node;

import io.edgeplane.conf.model.Role;
import io.edgeplane.conf.model.Settings;
import io.edgeplane.dns.central.CentralServer;
import io.edgeplane.dns.client.NodeClient;
import io.edgeplane.proxy.Proxy;
import io.edgeplane.proxy.ProxyOptions;
import io.edgeplane.proxy.Transport;
import io.edgeplane.proxy.health.HealthProber;
import io.edgeplane.proxy.stream.StreamOptions;
import io.edgeplane.proxy.stream.StreamProxy;
import io.edgeplane.edge.metrics.DnsClientMeters;
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
        // Readiness probes come first: the parts applied after them see a revision's new
        // containers already probed once, and recompile when readiness changes later. A
        // central-only server probes nothing: it counts addressed containers as ready.
        HealthProber probes = null;
        if (settings.node().roles().contains(Role.NODE)) {
            probes = new HealthProber();
            parts.add(new AdaptedPart("health", probes::apply, probes));
        }
        // The central answers before the node client asks it, so it starts first.
        if (settings.node().roles().contains(Role.CENTRAL)) {
            if (probes != null) {
                HealthProber shared = probes;
                CentralServer.Options d = CentralServer.Options.defaults();
                CentralServer central = new CentralServer(new CentralServer.Options(c -> shared.ready(c), d.ticker(),
                        d.threads(), d.transport()));
                DnsClientMeters.bindCentral(meters, central);
                parts.add(new ReappliedOnReadiness(new AdaptedPart("dns-central", central::apply, central), shared));
            } else {
                CentralServer central = new CentralServer();
                DnsClientMeters.bindCentral(meters, central);
                parts.add(new AdaptedPart("dns-central", central::apply, central));
            }
        }
        // The overlay agent runs where containers run (a central-only server has none), before
        // the DNS client, which also listens on cnet0's address for the containers.
        if (settings.overlay().enabled() && settings.node().roles().contains(Role.NODE)) {
            OverlayAgent overlay = new OverlayAgent(settings.overlay(), meters);
            parts.add(new AdaptedPart("overlay", overlay::apply, overlay));
        }
        if (settings.node().roles().contains(Role.NODE)) {
            NodeClient client = new NodeClient();
            DnsClientMeters.bind(meters, client.counters(), client.resolver()::cachedEntries);
            parts.add(new AdaptedPart("dns-client", config -> client.apply(ContainerDnsListen.addGateway(config)), client));
        }
        // The tcp:/udp: ports, on the same readiness as the HTTP proxy. Started just before it, so
        // stopped just after it; at stop it drains its TCP connections (up to drain_timeout).
        if (probes != null) {
            StreamProxy streams = new StreamProxy(StreamOptions.from(settings.proxy()), probes).bindMeters(meters);
            parts.add(new AdaptedPart("stream-proxy", streams::apply, streams::drainAndClose));
            // The proxy starts last and so stops first: it drains (up to proxy.drain_timeout) while
            // the overlay and DNS that its in-flight connections may still need keep running.
            // Limits are read once: a change of them in edge.yml takes effect at the next start.
            parts.add(new ProxyPart(new Proxy(ProxyOptions.from(settings.proxy().limits()), Transport.best(), probes)
                    .bindMeters(meters), streams));
        }
        return parts;
    }
}
