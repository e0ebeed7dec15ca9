package io.edgeplane.conf.model;

import java.util.List;
import java.util.Optional;

/** The services of service.yml, in file order (file order decides among regex matches). */
public record Services(List<Service> list) {

    public static final Services EMPTY = new Services(List.of());

    public Services {
        list = List.copyOf(list);
    }

    public Optional<Service> get(String name) {
        return list.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
