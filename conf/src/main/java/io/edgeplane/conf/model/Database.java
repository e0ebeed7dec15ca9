package io.edgeplane.conf.model;

import java.util.List;
import java.util.Optional;

/** A data source discoverable by ElasticDNS ({@code mysql.<zone>}) and its groups. */
public record Database(String name, List<DatabaseGroup> groups) {

    public Database {
        groups = List.copyOf(groups);
    }

    /** The group {@code <database>.<zone>} answers with: the primary, or the only group. */
    public Optional<DatabaseGroup> defaultGroup() {
        if (groups.size() == 1) {
            return Optional.of(groups.getFirst());
        }
        return groups.stream().filter(DatabaseGroup::primary).findFirst();
    }
}
