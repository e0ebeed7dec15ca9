package io.edgeplane.edge.demo;

import java.util.List;

/**
 * One service of the demo application: its name, the port its containers listen on, how many
 * containers it runs, whether a deploy rolls it, and the third octet of its containers' loopback
 * addresses ({@code 127.0.<subnet>.<version*10 + n>}).
 */
record DemoService(String name, int containerPort, int replicas, boolean rolled, int subnet, Kind kind) {

    enum Kind { HTTP, TCP_ECHO }

    static final DemoService WEB = new DemoService("web", 3000, 3, true, 1, Kind.HTTP);
    static final DemoService API = new DemoService("api", 4000, 1, true, 2, Kind.HTTP);
    static final DemoService CATCHALL = new DemoService("catchall", 5000, 1, false, 5, Kind.HTTP);
    static final DemoService ECHO = new DemoService("echo", 7, 1, false, 4, Kind.TCP_ECHO);

    static final List<DemoService> ALL = List.of(WEB, API, CATCHALL, ECHO);

    /** The MySQL groups' addresses: nothing listens there, ElasticDNS only names them. */
    static final String MYSQL_MAIN = "127.0.3.1";
    static final String MYSQL_SPARE = "127.0.3.2";

    /** {@code web-1-a}: service, version, then a letter per container, as the inventory examples name them. */
    String containerId(int version, int n) {
        return name + "-" + version + "-" + (char) ('a' + n);
    }
}
