package io.edgeplane.conf.registry;

import io.edgeplane.conf.model.Config;
import io.edgeplane.conf.model.Container;
import io.edgeplane.conf.model.Inventory;
import io.edgeplane.conf.model.Service;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * What differs between two configurations, for the log line of a new revision
 * ({@code revision 3: service api added; web version 7 -> 8}). Parts never apply a Change: they
 * receive whole snapshots. Names are listed in the order of the newer (or, for removals, the older)
 * configuration.
 *
 * @param versionMoves services whose highest deployed version differs (both sides deployed)
 */
public record Change(List<String> servicesAdded, List<String> servicesRemoved, List<String> servicesChanged,
                     List<String> containersAdded, List<String> containersRemoved,
                     List<String> containersChanged, List<VersionMove> versionMoves, boolean serversChanged,
                     boolean databasesChanged, boolean settingsChanged) {

    /** Names listed per kind of change before the rest is counted, so one deploy stays one line. */
    private static final int NAMES_SHOWN = 5;

    public Change {
        servicesAdded = List.copyOf(servicesAdded);
        servicesRemoved = List.copyOf(servicesRemoved);
        servicesChanged = List.copyOf(servicesChanged);
        containersAdded = List.copyOf(containersAdded);
        containersRemoved = List.copyOf(containersRemoved);
        containersChanged = List.copyOf(containersChanged);
        versionMoves = List.copyOf(versionMoves);
    }

    /** A service's newest deployed version went from {@code from} to {@code to}. */
    public record VersionMove(String service, int from, int to) {
        @Override
        public String toString() {
            return service + " version " + from + " -> " + to;
        }
    }

    public static Change between(Config before, Config after) {
        Diff services = Diff.of(before.services().list(), after.services().list(), Service::name);
        Diff containers = Diff.of(before.inventory().containers(), after.inventory().containers(), Container::id);
        return new Change(services.added, services.removed, services.changed,
                containers.added, containers.removed, containers.changed,
                versionMoves(before.inventory(), after.inventory()),
                !before.inventory().servers().equals(after.inventory().servers()),
                !before.inventory().databases().equals(after.inventory().databases()),
                !before.settings().equals(after.settings()));
    }

    public boolean isEmpty() {
        return Stream.of(servicesAdded, servicesRemoved, servicesChanged, containersAdded, containersRemoved,
                containersChanged, versionMoves).allMatch(List::isEmpty)
                && !serversChanged && !databasesChanged && !settingsChanged;
    }

    /** One line, e.g. {@code service api added; containers web-8-a, web-8-b added; web version 7 -> 8}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        named(parts, "service", "services", servicesAdded, "added");
        named(parts, "service", "services", servicesRemoved, "removed");
        named(parts, "service", "services", servicesChanged, "changed");
        named(parts, "container", "containers", containersAdded, "added");
        named(parts, "container", "containers", containersRemoved, "removed");
        named(parts, "container", "containers", containersChanged, "changed");
        versionMoves.forEach(m -> parts.add(m.toString()));
        if (serversChanged) {
            parts.add("servers changed");
        }
        if (databasesChanged) {
            parts.add("databases changed");
        }
        if (settingsChanged) {
            parts.add("settings changed");
        }
        return parts.isEmpty() ? "no change" : String.join("; ", parts);
    }

    @Override
    public String toString() {
        return describe();
    }

    private static void named(List<String> parts, String one, String many, List<String> names, String what) {
        if (names.isEmpty()) {
            return;
        }
        String shown = String.join(", ", names.subList(0, Math.min(names.size(), NAMES_SHOWN)));
        if (names.size() > NAMES_SHOWN) {
            shown += " and " + (names.size() - NAMES_SHOWN) + " more";
        }
        parts.add((names.size() == 1 ? one : many) + " " + shown + " " + what);
    }

    private static List<VersionMove> versionMoves(Inventory before, Inventory after) {
        Map<String, Integer> old = newestVersions(before);
        List<VersionMove> moves = new ArrayList<>();
        newestVersions(after).forEach((service, to) -> {
            Integer from = old.get(service);
            if (from != null && from.intValue() != to) {
                moves.add(new VersionMove(service, from, to));
            }
        });
        return moves;
    }

    private static Map<String, Integer> newestVersions(Inventory inventory) {
        Map<String, Integer> newest = new LinkedHashMap<>();
        for (Container c : inventory.containers()) {
            newest.merge(c.service(), c.version(), Math::max);
        }
        return newest;
    }

    /** Keyed comparison of two lists of named records. */
    private record Diff(List<String> added, List<String> removed, List<String> changed) {

        static <T> Diff of(List<T> before, List<T> after, Function<T, String> key) {
            Map<String, T> old = new LinkedHashMap<>();
            before.forEach(t -> old.put(key.apply(t), t));
            Map<String, T> now = new LinkedHashMap<>();
            after.forEach(t -> now.put(key.apply(t), t));
            List<String> added = new ArrayList<>();
            List<String> changed = new ArrayList<>();
            now.forEach((name, t) -> {
                T was = old.get(name);
                if (was == null) {
                    added.add(name);
                } else if (!Objects.equals(was, t)) {
                    changed.add(name);
                }
            });
            List<String> removed = old.keySet().stream().filter(name -> !now.containsKey(name)).toList();
            return new Diff(added, removed, changed);
        }
    }
}
