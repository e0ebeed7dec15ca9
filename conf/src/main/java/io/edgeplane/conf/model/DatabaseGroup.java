package io.edgeplane.conf.model;

import java.net.InetAddress;
import java.util.List;

/**
 * A database group: {@code main.mysql.<zone>}. A database given with a bare {@code servers}
 * list has one implicit group whose name is null.
 */
public record DatabaseGroup(String name, boolean primary, List<InetAddress> servers) {

    public DatabaseGroup {
        servers = List.copyOf(servers);
    }
}
