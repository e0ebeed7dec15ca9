package io.edgeplane.conf.model;

/** How ElasticDNS picks the version of a service it answers with ({@code dns_behaviour}). */
public enum DnsBehaviour {
    /** A caller of version v gets the newest version of the target that is not newer than v. */
    VERSIONED("versioned"),
    /** Every caller gets the current version. */
    NON_VERSIONED("non-versioned");

    private final String yamlName;

    DnsBehaviour(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }
}
