package io.edgeplane.edge.demo;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One deploy, version {@code n} to {@code n + 1}, the way an orchestrator does it through the
 * control API: start the new containers, add them to the inventory, wait until the proxy serves
 * the new version, then remove the old containers from the inventory and stop each once it has
 * finished its requests in flight. The proxy keeps a request on the container it started on, so
 * nothing in flight is cut.
 */
final class RollingDeploy {

    private static final Duration SERVE_TIMEOUT = Duration.ofSeconds(30);

    private final DemoFleet fleet;
    private final InventoryApi inventory;
    private final ProxyProbe proxy;
    private final DnsProbe dns;
    private final DemoGuide guide;

    RollingDeploy(DemoFleet fleet, InventoryApi inventory, ProxyProbe proxy, DnsProbe dns, DemoGuide guide) {
        this.fleet = fleet;
        this.inventory = inventory;
        this.proxy = proxy;
        this.dns = dns;
        this.guide = guide;
    }

    /** Rolls from {@code from} to {@code from + 1}; true when version {@code from + 1} is live. */
    boolean roll(int from) throws IOException, InterruptedException {
        int to = from + 1;
        guide.say("Deploying version " + to + ":");
        List<DemoContainer> started = fleet.start(to, DemoService::rolled);
        guide.say("  started " + ids(started));
        for (DemoContainer c : started) {
            inventory.add(c);
        }
        guide.say("  added them to the inventory (POST /v1/containers); the proxy moves to version " + to
                + " once it serves");
        String marker = " v" + to;
        String web = proxy.awaitAnswer(DemoFiles.WEB_HOST, a -> a.endsWith(marker), SERVE_TIMEOUT);
        String api = proxy.awaitAnswer(DemoFiles.API_HOST, a -> a.endsWith(marker), SERVE_TIMEOUT);
        if (web == null || api == null) {
            guide.say("  version " + to + " did not take the traffic within " + SERVE_TIMEOUT.toSeconds()
                    + " s; version " + from + " stays in the inventory");
            return false;
        }
        guide.say("  version " + to + " serves: " + DemoFiles.WEB_HOST + " answers \"" + web + "\"");
        versionedDns(from, to);
        List<DemoContainer> old = fleet.running().stream()
                .filter(c -> c.spec().service().rolled() && c.spec().version() == from).toList();
        for (DemoContainer c : old) {
            inventory.remove(c);
        }
        guide.say("  removed version " + from + " from the inventory (DELETE /v1/containers/{id}): " + ids(old));
        fleet.retire(old, Duration.ofSeconds(DemoFiles.DRAIN_SECONDS), line -> guide.say("  " + line));
        return true;
    }

    /**
     * While both versions run, ElasticDNS answers each caller with its own version: shown by
     * asking from an old and a new web container's address.
     */
    private void versionedDns(int from, int to) {
        String oldCaller = fleet.address(DemoService.WEB, from, 0);
        String newCaller = fleet.address(DemoService.WEB, to, 0);
        if (oldCaller.equals(newCaller)) {
            return; // every container shares 127.0.0.1 here: callers cannot be told apart
        }
        try {
            List<String> forOld = dns.addresses("api.cloud66.local", oldCaller);
            List<String> forNew = dns.addresses("api.cloud66.local", newCaller);
            guide.say("  ElasticDNS knows who asks: api.cloud66.local is " + String.join(" ", forOld) + " for "
                    + DemoService.WEB.containerId(from, 0) + " (v" + from + ") and " + String.join(" ", forNew)
                    + " for " + DemoService.WEB.containerId(to, 0) + " (v" + to + ")");
        } catch (IOException e) {
            guide.say("  (could not ask ElasticDNS as a container: " + e.getMessage() + ")");
        }
    }

    private static String ids(List<DemoContainer> containers) {
        return containers.stream().map(c -> c.spec().id()).collect(Collectors.joining(", "));
    }
}
