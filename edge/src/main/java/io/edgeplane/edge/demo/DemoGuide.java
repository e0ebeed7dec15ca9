package io.edgeplane.edge.demo;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** What the demo prints: what runs, and what to try with the answer each command gives. */
final class DemoGuide {

    private final PrintWriter out;
    private final DemoPorts ports;
    private final DemoFleet fleet;

    DemoGuide(PrintWriter out, DemoPorts ports, DemoFleet fleet) {
        this.out = out;
        this.ports = ports;
        this.fleet = fleet;
    }

    void welcome(Path dir, String tcpAnswer, int slowSeconds, boolean deployNow) {
        say("");
        say("edge demo is running: the proxy, ElasticDNS (central and node client) and the control API on");
        say("127.0.0.1, in front of " + fleet.running().size() + " demo containers inside this process. It runs on the"
                + " files in " + dir + "/");
        say("(edge.yml, service.yml, inventory.yml): `edge check -c " + dir.resolve("edge.yml") + "` reads them too.");
        say("");
        say("Try these in another terminal; after each # is the answer it gives.");
        say("");
        say("Routing by host name: web and api share port " + ports.http() + ", told apart by traffic_matches; the");
        say("catch-all service \"_\" takes every other name. Run the first line 3 times: round-robin.");
        routing(1, true);
        say("HTTPS on the same routes, with a self-signed certificate made at start (-k accepts it):");
        say(new GuideLine("curl -k https://" + DemoFiles.WEB_HOST + ":" + ports.https() + "/", webAnswer(1)).format());
        if (tcpAnswer != null) {
            say("TCP: a tcp: port maps straight to the echo container:");
            say(new GuideLine("echo hello | nc 127.0.0.1 " + ports.tcp(), tcpAnswer).format());
        } else {
            say("TCP port " + ports.tcp() + " (service echo, tcp:) does not answer: this build has no TCP proxy yet.");
        }
        say("ElasticDNS: a service's name gives all its containers, rotated on every answer; databases by group:");
        dns(1, true);
        say("");
        say("A deploy that cuts nothing: start a long request on version 1 (it streams for " + slowSeconds + " s)...");
        say("  curl -N http://" + DemoFiles.WEB_HOST + ":" + ports.http() + "/slow");
        if (deployNow) {
            say("...as edge demo --deploy does now: version 2 starts, joins the inventory, takes the new requests once");
            say("it serves, and version 1 leaves; the long request still ends on version 1.");
        } else {
            say("...then press Enter here: version 2 starts, joins the inventory, takes the new requests once it");
            say("serves, and version 1 leaves; the long request still ends on version 1.");
        }
        say("Ctrl-C stops everything.");
        say("");
    }

    /** After a deploy: the lines whose answers changed. */
    void live(int version) {
        say("Version " + version + " is live; new requests and DNS answers go to it:");
        routing(version, false);
        dns(version, false);
        say("Press Enter to deploy version " + (version + 1) + ", Ctrl-C to stop.");
        say("");
    }

    private void routing(int version, boolean all) {
        String base = ":" + ports.http() + "/";
        say(new GuideLine("curl http://" + DemoFiles.WEB_HOST + base, webAnswer(version)).format());
        say(new GuideLine("curl http://" + DemoFiles.API_HOST + base, signatures(DemoService.API, version)).format());
        if (all) {
            say(new GuideLine("curl http://other.demo.localhost" + base, signatures(DemoService.CATCHALL, 1)).format());
        }
    }

    private void dns(int version, boolean all) {
        String dig = "dig @127.0.0.1 -p " + ports.dns() + " +short ";
        say(new GuideLine(dig + "web.cloud66.local", addresses(DemoService.WEB, version) + " (in turn)").format());
        say(new GuideLine(dig + "api.cloud66.local", addresses(DemoService.API, version)).format());
        if (all) {
            say(new GuideLine(dig + "mysql.cloud66.local", DemoService.MYSQL_MAIN + " (the primary group, main)").format());
            say(new GuideLine(dig + "spare.mysql.cloud66.local", DemoService.MYSQL_SPARE).format());
        }
    }

    private String webAnswer(int version) {
        return signatures(DemoService.WEB, version);
    }

    /** {@code web-1-a web v1, web-1-b web v1 or web-1-c web v1}. */
    private static String signatures(DemoService service, int version) {
        List<String> each = java.util.stream.IntStream.range(0, service.replicas())
                .mapToObj(n -> service.containerId(version, n) + " " + service.name() + " v" + version).toList();
        if (each.size() == 1) {
            return each.getFirst();
        }
        return String.join(", ", each.subList(0, each.size() - 1)) + " or " + each.getLast();
    }

    private String addresses(DemoService service, int version) {
        return java.util.stream.IntStream.range(0, service.replicas()).mapToObj(n -> fleet.address(service, version, n))
                .distinct().collect(Collectors.joining(" "));
    }

    void say(String line) {
        out.println(line);
        out.flush();
    }
}
