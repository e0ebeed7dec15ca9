package io.edgeplane.conf.model;

/**
 * Whether the edge opens each TCP connection to a service's containers with a PROXY protocol
 * header (haproxy's proxy-protocol.txt), so the container sees the client's address instead of
 * the edge's ({@code proxy_protocol} in service.yml, for its {@code tcp:} ports).
 */
public enum ProxyProtocol {
    NONE("off"), V1("v1"), V2("v2");

    private final String yamlName;

    ProxyProtocol(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }
}
