package io.edgeplane.conf.model;

/** What a server does: {@code central} keeps the registry, API and central DNS; {@code node} serves. */
public enum Role {
    CENTRAL, NODE
}
