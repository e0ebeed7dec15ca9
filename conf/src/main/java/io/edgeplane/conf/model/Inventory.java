package io.edgeplane.conf.model;

import java.util.List;
import java.util.Optional;

/** What runs where (inventory.yml): servers, containers and databases. */
public record Inventory(List<Server> servers, List<Container> containers, List<Database> databases) {

    public static final Inventory EMPTY = new Inventory(List.of(), List.of(), List.of());

    public Inventory {
        servers = List.copyOf(servers);
        containers = List.copyOf(containers);
        databases = List.copyOf(databases);
    }

    public Optional<Container> container(String id) {
        return containers.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    public Optional<Server> server(String name) {
        return servers.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /**
     * This inventory with each server that names no slice given the slice {@code before} had
     * for a server of that name. Slices are assigned by the central and never move; a new
     * inventory.yml or {@code PUT /v1/inventory} that leaves them out must not take them away,
     * not even for the moment until the central assigns them again.
     */
    public Inventory keepingSlicesOf(Inventory before) {
        if (servers.stream().allMatch(s -> s.slice() != null)) {
            return this;
        }
        List<Server> kept = servers.stream()
                .map(s -> s.slice() != null ? s : before.server(s.name()).map(b -> s.withSlice(b.slice())).orElse(s))
                .toList();
        return new Inventory(kept, containers, databases);
    }
}
