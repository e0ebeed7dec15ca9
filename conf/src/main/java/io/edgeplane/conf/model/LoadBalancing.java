package io.edgeplane.conf.model;

/** How ElasticDNS orders or narrows the addresses it answers with ({@code load_balancing}). */
public enum LoadBalancing {
    /** All chosen addresses, rotated on every answer. */
    ROUNDROBIN("roundrobin"),
    /** One address per caller and service, kept for 60 s. */
    STICKY("sticky"),
    /** The chosen containers on the caller's server, or all of them when it has none there. */
    CLOSEST("closest");

    private final String yamlName;

    LoadBalancing(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }
}
