package io.edgeplane.edge.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's tarball ({@code target/edge-<version>.tar.gz}, built by {@code package}),
 * unpacked into a temporary prefix as an operator would: its {@code bin/edge} runs from there,
 * checks the example configuration, and the systemd unit is in it, hardened.
 */
class TarballIT {

    private static final Path TARBALL = Path.of(System.getProperty("edge.tarball", "target/edge.tar.gz")).toAbsolutePath();
    private static final String VERSION = System.getProperty("edge.version", "");

    @TempDir
    Path prefix;

    private Path home;

    @BeforeEach
    void unpack() throws Exception {
        assertTrue(Files.isRegularFile(TARBALL), "no " + TARBALL + ": ./mvnw package builds it");
        Tools.ok(prefix, "tar", "-xzf", TARBALL.toString(), "-C", prefix.toString());
        home = prefix.resolve("edge-" + VERSION);
        assertTrue(Files.isDirectory(home), () -> "the tarball unpacks into edge-" + VERSION + "/");
    }

    @Test
    void holdsTheLauncherJarsExamplesUnitAndDocs() {
        assertTrue(Files.isExecutable(home.resolve("bin/edge")));
        assertTrue(Files.isRegularFile(home.resolve("lib/edge-" + VERSION + ".jar")));
        assertTrue(Files.isRegularFile(home.resolve("lib/jvm.options")));
        for (String example : List.of("edge.yml", "service.yml", "inventory.yml")) {
            assertTrue(Files.isRegularFile(home.resolve("examples").resolve(example)), example);
        }
        assertTrue(Files.isRegularFile(home.resolve("systemd/edge.service")));
        assertTrue(Files.isRegularFile(home.resolve("docs/operations.md")));
    }

    @Test
    void runsCheckFromTheInstalledPrefix() throws Exception {
        // From another directory, through a symlink as /usr/bin/edge would be: the launcher finds its home.
        Path link = prefix.resolve("edge-link");
        Files.createSymbolicLink(link, home.resolve("bin/edge"));
        Tools.Result r = Tools.run(prefix, List.of(link.toString(), "check", "-c", home.resolve("examples/edge.yml").toString()));
        assertEquals(0, r.status(), r.output());
        assertTrue(r.output().contains("is ok"), r.output());
    }

    @Test
    void unitIsHardenedAndRunsTheInstalledEdge() throws Exception {
        String unit = Files.readString(home.resolve("systemd/edge.service"));
        for (String line : List.of("ExecStart=/opt/edge/bin/edge run -c /etc/edge/edge.yml", "ExecReload=/bin/kill -HUP $MAINPID",
                "NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes",
                "ReadWritePaths=/var/lib/edge", "AmbientCapabilities=CAP_NET_BIND_SERVICE CAP_NET_ADMIN",
                "CapabilityBoundingSet=CAP_NET_BIND_SERVICE CAP_NET_ADMIN", "User=edge")) {
            assertTrue(unit.lines().anyMatch(line::equals), () -> "edge.service lacks " + line + ":\n" + unit);
        }
        if (Tools.installed("systemd-analyze")) {
            Tools.Result r = Tools.run(prefix, List.of("systemd-analyze", "verify", home.resolve("systemd/edge.service").toString()));
            assertTrue(!r.output().contains("Unknown key"), r.output());
        }
    }

    /** Without a Java 25 anywhere it looks, the launcher says what it needs (exit 2), instead of a JVM error. */
    @Test
    void launcherSaysWhenNoJava25IsFound() throws Exception {
        // Hiding /usr/lib/jvm needs a private mount namespace: root and unshare, as in CI.
        assumeTrue(Tools.root() && Tools.installed("unshare"), "needs root and unshare to hide /usr/lib/jvm");
        Tools.Result r = Tools.run(prefix, List.of("unshare", "-m", "bash", "-c",
                "mount -t tmpfs none /usr/lib/jvm && env -i PATH=/usr/bin:/bin JAVA_HOME=/nonexistent "
                        + home.resolve("bin/edge") + " --version"));
        assertEquals(2, r.status(), r.output());
        assertTrue(r.output().contains("edge: no Java 25 or newer found"), r.output());
        assertTrue(r.output().contains("JAVA_HOME"), r.output());
    }
}
