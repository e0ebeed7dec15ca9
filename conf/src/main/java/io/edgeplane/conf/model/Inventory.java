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
}
