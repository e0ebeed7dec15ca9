package io.edgeplane.conf.check;

import io.edgeplane.conf.Problem;
import io.edgeplane.conf.model.PortMapping;
import io.edgeplane.conf.model.ServerName;
import io.edgeplane.conf.model.Service;
import io.edgeplane.conf.model.Services;
import io.edgeplane.conf.yaml.SourceMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who listens where. A TCP host port is one listener of one kind (http, https or tcp); a UDP
 * port is one socket. An http or https port may be shared by several services only when host
 * names tell them apart: at most one service without {@code traffic_matches}, no name twice.
 */
final class PortClaimsCheck {

    /** One service's use of one host port, from {@code ports[index]}. */
    private record Claim(String kind, int port, Service service, String path) {
    }

    private final Services services;
    private final SourceMap sources;
    private final List<Problem> problems;

    PortClaimsCheck(Services services, SourceMap sources, List<Problem> problems) {
        this.services = services;
        this.sources = sources;
        this.problems = problems;
    }

    void run() {
        Map<Integer, List<Claim>> tcpPorts = new LinkedHashMap<>();
        Map<Integer, List<Claim>> udpPorts = new LinkedHashMap<>();
        for (Service s : services.list()) {
            for (int i = 0; i < s.ports().size(); i++) {
                PortMapping p = s.ports().get(i);
                String path = sources.pathOf(p, "services." + s.name() + ".ports[" + i + "]");
                add(tcpPorts, p.http(), new Claim("http", p.http(), s, path));
                add(tcpPorts, p.https(), new Claim("https", p.https(), s, path));
                add(tcpPorts, p.tcp(), new Claim("tcp", p.tcp(), s, path));
                add(udpPorts, p.udp(), new Claim("udp", p.udp(), s, path));
            }
        }
        tcpPorts.values().forEach(this::checkTcpPort);
        udpPorts.values().forEach(claims -> exclusive(claims, "udp"));
    }

    private static void add(Map<Integer, List<Claim>> ports, int port, Claim claim) {
        if (port != PortMapping.NONE) {
            ports.computeIfAbsent(port, k -> new ArrayList<>()).add(claim);
        }
    }

    private void checkTcpPort(List<Claim> claims) {
        Claim first = claims.getFirst();
        for (Claim c : claims.subList(1, claims.size())) {
            if (!c.kind().equals(first.kind())) {
                error(c.path, c, "uses host port " + c.port() + " for " + c.kind() + ", but service " + first.service().name()
                        + " uses it for " + first.kind() + " (" + first.path + ")",
                        "one kind (http, https or tcp) per host port; pick another port");
                return;
            }
        }
        if (first.kind().equals("tcp")) {
            exclusive(claims, "tcp");
        } else {
            shared(claims);
        }
    }

    private void exclusive(List<Claim> claims, String kind) {
        for (Claim c : claims.subList(1, claims.size())) {
            Claim first = claims.getFirst();
            error(c.path, c, "claims " + kind + " host port " + c.port() + ", already claimed by service "
                    + first.service().name() + " (" + first.path + ")", "each " + kind + " host port once across all services");
        }
    }

    private void shared(List<Claim> claims) {
        Map<Service, Claim> byService = new LinkedHashMap<>();
        for (Claim c : claims) {
            Claim before = byService.putIfAbsent(c.service(), c);
            if (before != null) {
                error(c.path, c, "maps host port " + c.port() + " again (already in " + before.path + ")",
                        "each host port once per service");
            }
        }
        if (byService.size() < 2) {
            return;
        }
        Claim unnamed = null;
        Map<ServerName, Claim> names = new HashMap<>();
        for (Claim c : byService.values()) {
            List<ServerName> matches = c.service().trafficMatches();
            if (matches.isEmpty()) {
                if (unnamed != null) {
                    error(c.path, c, "shares " + c.kind() + " port " + c.port() + " with service " + unnamed.service().name()
                            + " and neither has traffic_matches to tell them apart",
                            "traffic_matches on at least one of them (e.g. [\"api.example.com\"]), or another port");
                } else {
                    unnamed = c;
                }
                continue;
            }
            for (int j = 0; j < matches.size(); j++) {
                ServerName name = matches.get(j);
                Claim other = names.putIfAbsent(name, c);
                if (other != null && other.service() != c.service()) {
                    String at = sources.pathOf(name, "services." + c.service().name() + ".traffic_matches[" + j + "]");
                    problems.add(Problem.error(sources.locate(at), at, name.text(), "is claimed on " + c.kind() + " port "
                            + c.port() + " by service " + c.service().name() + " and by service " + other.service().name(),
                            "each name once per port; remove it from one of the services"));
                }
            }
        }
    }

    private void error(String path, Claim c, String message, String valid) {
        problems.add(Problem.error(sources.locate(path), path, null, "service " + c.service().name() + " " + message, valid));
    }
}
