package io.edgeplane.dns.answer;

import io.edgeplane.conf.model.Config;
import io.edgeplane.conf.model.Container;
import io.edgeplane.conf.model.Database;
import io.edgeplane.conf.model.DatabaseGroup;
import io.edgeplane.conf.model.DnsBehaviour;
import io.edgeplane.conf.model.LoadBalancing;
import io.edgeplane.conf.model.Server;
import io.edgeplane.conf.model.Service;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * One snapshot compiled for answering: zone names to targets, container addresses to callers.
 * Immutable but for the round-robin positions and the shared {@link StickyChoices}; the central
 * publishes a new one per snapshot with a single volatile write and reads it without locks.
 */
public final class Answerer {

    private final ZoneRecords zone;
    private final long ttl;
    private final Map<String, Target> targets;
    private final Set<String> interiorNames;
    private final Map<InetAddress, Container> callers;
    private final Set<InetAddress> ecsSources;
    private final StickyChoices sticky;

    private Answerer(ZoneRecords zone, long ttl, Map<String, Target> targets, Set<String> interiorNames,
                     Map<InetAddress, Container> callers, Set<InetAddress> ecsSources, StickyChoices sticky) {
        this.zone = zone;
        this.ttl = ttl;
        this.targets = targets;
        this.interiorNames = interiorNames;
        this.callers = callers;
        this.ecsSources = ecsSources;
        this.sticky = sticky;
    }

    /**
     * Compiles a snapshot. A service and a database of one name would both claim
     * {@code <name>.<zone>}: the service wins, as the more specific thing the user deployed.
     */
    public static Answerer compile(Config config, Readiness readiness, StickyChoices sticky, long serial) {
        var dns = config.settings().dns();
        long ttl = Math.max(0, dns.ttl().toSeconds());
        ZoneRecords zone = ZoneRecords.of(dns.zone(), ttl, serial, dns.centralListen().address());

        Map<String, Service> services = new LinkedHashMap<>();
        for (Service s : config.services().list()) {
            services.put(s.name().toLowerCase(Locale.ROOT), s);
        }
        Map<String, List<Container>> containersByService = new LinkedHashMap<>();
        Map<InetAddress, Container> callers = new HashMap<>();
        for (Container c : config.inventory().containers()) {
            String name = c.service().toLowerCase(Locale.ROOT);
            containersByService.computeIfAbsent(name, k -> new ArrayList<>());
            if (c.address() != null) {
                // Unready containers still call other services, so they are callers all the same.
                callers.put(c.address(), c);
                if (readiness.ready(c)) {
                    containersByService.get(name).add(c);
                }
            }
        }

        Map<String, Target> targets = new HashMap<>();
        Set<String> names = new HashSet<>(services.keySet());
        names.addAll(containersByService.keySet());
        for (String name : names) {
            Service s = services.get(name);
            DnsBehaviour behaviour = s == null ? DnsBehaviour.VERSIONED : s.dnsBehaviour();
            LoadBalancing lb = s == null ? LoadBalancing.ROUNDROBIN : s.loadBalancing();
            NavigableMap<Integer, List<Container>> byVersion = new TreeMap<>();
            for (Container c : containersByService.getOrDefault(name, List.of())) {
                byVersion.computeIfAbsent(c.version(), v -> new ArrayList<>()).add(c);
            }
            byVersion.replaceAll((v, list) -> List.copyOf(list));
            targets.put(name, new Target.ServiceTarget(name, behaviour, lb, Collections.unmodifiableNavigableMap(byVersion),
                    dependsOnCaller(behaviour, lb, byVersion), new Rotation()));
        }
        for (Database db : config.inventory().databases()) {
            String dbName = db.name().toLowerCase(Locale.ROOT);
            db.defaultGroup().ifPresent(g -> targets.putIfAbsent(dbName, new Target.DatabaseTarget(g.servers(), new Rotation())));
            for (DatabaseGroup g : db.groups()) {
                if (g.name() != null) {
                    targets.putIfAbsent(g.name().toLowerCase(Locale.ROOT) + "." + dbName,
                            new Target.DatabaseTarget(g.servers(), new Rotation()));
                }
            }
        }
        // Names that only have names below them (mysql with two groups and no primary) exist:
        // they answer NODATA, not NXDOMAIN, or resolvers would deny the whole subtree.
        Set<String> interior = new HashSet<>();
        for (String name : targets.keySet()) {
            for (int dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', dot + 1)) {
                interior.add(name.substring(dot + 1));
            }
        }
        Set<InetAddress> ecsSources = new HashSet<>();
        for (Server server : config.inventory().servers()) {
            ecsSources.add(server.address());
        }
        return new Answerer(zone, ttl, Map.copyOf(targets), Set.copyOf(interior), Map.copyOf(callers),
                Set.copyOf(ecsSources), sticky);
    }

    private static boolean dependsOnCaller(DnsBehaviour behaviour, LoadBalancing lb,
                                           NavigableMap<Integer, List<Container>> byVersion) {
        if (behaviour == DnsBehaviour.VERSIONED && byVersion.size() > 1) {
            return true;
        }
        return switch (lb) {
            case ROUNDROBIN -> false;
            case STICKY -> byVersion.values().stream().anyMatch(list -> list.size() > 1);
            case CLOSEST -> byVersion.values().stream()
                    .anyMatch(list -> list.stream().map(Container::server).distinct().count() > 1);
        };
    }

    public Name zone() {
        return zone.zone();
    }

    public long ttl() {
        return ttl;
    }

    /**
     * Whether an EDNS Client Subnet option from {@code source} names the real caller: only the
     * node clients of known servers (and loopback, for a single server) may speak for others.
     */
    public boolean trustsEcsFrom(InetAddress source) {
        return source.isLoopbackAddress() || ecsSources.contains(source);
    }

    /** The container at {@code address}, or null for an address the inventory does not know. */
    public Container callerAt(InetAddress address) {
        return address == null ? null : callers.get(address);
    }

    /** Answers {@code qname}/{@code qtype} for the caller at {@code caller} (null if unknown). */
    public Answer answer(Name qname, int qtype, int qclass, InetAddress caller) {
        if (!qname.subdomain(zone.zone()) || (qclass != DClass.IN && qclass != DClass.ANY)) {
            return new Answer(Rcode.REFUSED, List.of(), List.of(), false);
        }
        if (qname.equals(zone.zone())) {
            return apex(qtype);
        }
        String relative = qname.relativize(zone.zone()).toString(true).toLowerCase(Locale.ROOT);
        Target target = targets.get(relative);
        if (target == null) {
            if (qname.equals(zone.nsName()) && zone.nsAddress() != null) {
                return addresses(qname, qtype, List.of(zone.nsAddress()), false);
            }
            if (interiorNames.contains(relative) || qname.equals(zone.nsName())) {
                return noData(false);
            }
            return new Answer(Rcode.NXDOMAIN, List.of(), List.of(zone.soa()), false);
        }
        return switch (target) {
            case Target.DatabaseTarget db -> addresses(qname, qtype, db.rotation().rotate(db.servers()), false);
            case Target.ServiceTarget service -> service(qname, qtype, service, caller);
        };
    }

    private Answer service(Name qname, int qtype, Target.ServiceTarget target, InetAddress callerAddress) {
        Container caller = callerAt(callerAddress);
        List<Container> chosen = VersionChooser.choose(target.readyByVersion(), target.behaviour(), caller);
        if (target.loadBalancing() == LoadBalancing.CLOSEST) {
            chosen = ClosestChooser.choose(chosen, caller);
        }
        List<InetAddress> all = chosen.stream().map(Container::address).toList();
        if (target.loadBalancing() == LoadBalancing.STICKY && callerAddress != null) {
            List<InetAddress> kept = new ArrayList<>(2);
            for (List<InetAddress> family : List.of(family(all, false), family(all, true))) {
                if (!family.isEmpty()) {
                    kept.add(sticky.choose(callerAddress, target.name(), family));
                }
            }
            return addresses(qname, qtype, kept, target.dependsOnCaller());
        }
        return addresses(qname, qtype, target.rotation().rotate(all), target.dependsOnCaller());
    }

    private static List<InetAddress> family(List<InetAddress> addresses, boolean v6) {
        return addresses.stream().filter(a -> (a instanceof Inet6Address) == v6).toList();
    }

    private Answer addresses(Name qname, int qtype, List<InetAddress> addresses, boolean dependsOnCaller) {
        List<Record> records = new ArrayList<>(addresses.size());
        for (InetAddress a : addresses) {
            if (a instanceof Inet4Address && (qtype == Type.A || qtype == Type.ANY)) {
                records.add(new ARecord(qname, DClass.IN, ttl, a));
            } else if (a instanceof Inet6Address && (qtype == Type.AAAA || qtype == Type.ANY)) {
                records.add(new AAAARecord(qname, DClass.IN, ttl, a));
            }
        }
        if (records.isEmpty()) {
            return noData(dependsOnCaller);
        }
        return new Answer(Rcode.NOERROR, records, List.of(), dependsOnCaller);
    }

    private Answer apex(int qtype) {
        List<Record> records = switch (qtype) {
            case Type.SOA -> List.of(zone.soa());
            case Type.NS -> List.of(zone.ns());
            case Type.ANY -> List.of(zone.soa(), zone.ns());
            default -> List.of();
        };
        return records.isEmpty() ? noData(false) : new Answer(Rcode.NOERROR, records, List.of(), false);
    }

    private Answer noData(boolean dependsOnCaller) {
        return new Answer(Rcode.NOERROR, List.of(), List.of(zone.soa()), dependsOnCaller);
    }
}
