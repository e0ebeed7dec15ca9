package io.edgeplane.conf.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The guard of tests tagged {@code root}: they need root, TUN and some tools, and say which one
 * is missing as a visible skip elsewhere (CI runs as root and has them all).
 */
public final class RootTools {

    private RootTools() {
    }

    public static void assumeRootAndTools(String... tools) {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root (network namespaces, TUN)");
        assumeTrue(Files.exists(Path.of("/dev/net/tun")), "needs /dev/net/tun");
        for (String t : tools) {
            assumeTrue(onPath(t), "needs " + t + " on PATH");
        }
    }

    public static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}
