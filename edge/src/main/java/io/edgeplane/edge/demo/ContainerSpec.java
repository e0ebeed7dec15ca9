package io.edgeplane.edge.demo;

/** What a demo container is, as the inventory names it. */
record ContainerSpec(String id, DemoService service, int version, String address) {

    /** The answer that identifies it: {@code web-1-a web v1}. */
    String signature() {
        return id + " " + service.name() + " v" + version;
    }
}
