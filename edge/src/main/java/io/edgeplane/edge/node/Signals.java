package io.edgeplane.edge.node;

import sun.misc.Signal;

/**
 * POSIX signals of a running node. sun.misc.Signal is the JDK's only way to catch SIGHUP, and
 * catching SIGTERM ourselves is what lets a stop end with exit 0 after a clean shutdown instead
 * of the JVM's 143.
 */
final class Signals {

    private Signals() {
    }

    /** Runs {@code action} on a JDK signal thread each time {@code name} (e.g. {@code HUP}) arrives. */
    static void on(String name, Runnable action) {
        Signal.handle(new Signal(name), signal -> action.run());
    }
}
