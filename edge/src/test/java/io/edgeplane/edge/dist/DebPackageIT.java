package io.edgeplane.edge.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code src/main/packaging/build-deb.sh} turns the tarball into a Debian package holding the
 * expected paths, and the edge inside it runs. Skipped, visibly, where dpkg-deb is missing.
 */
class DebPackageIT {

    private static final Path TARBALL = Path.of(System.getProperty("edge.tarball", "target/edge.tar.gz")).toAbsolutePath();
    private static final Path SCRIPT = Path.of("src/main/packaging/build-deb.sh").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void buildsADebWithTheExpectedPaths() throws Exception {
        assumeTrue(Tools.installed("dpkg-deb"), "dpkg-deb is not installed");
        String said = Tools.ok(dir, "bash", SCRIPT.toString(), TARBALL.toString(), dir.toString());
        Path deb;
        try (Stream<Path> files = Files.list(dir)) {
            deb = files.filter(p -> p.toString().endsWith(".deb")).findFirst().orElseThrow(() -> new AssertionError(said));
        }
        assertTrue(deb.getFileName().toString().matches("edge_[0-9][^_]*_all\\.deb"), deb.toString());

        String contents = Tools.ok(dir, "dpkg-deb", "--contents", deb.toString());
        for (String path : List.of("./opt/edge/bin/edge", "./opt/edge/lib/jvm.options", "./etc/edge/edge.yml",
                "./etc/edge/examples/service.yml", "./usr/lib/systemd/system/edge.service", "./var/lib/edge/",
                "./usr/bin/edge -> /opt/edge/bin/edge")) {
            assertTrue(contents.contains(path), () -> path + " missing from:\n" + contents);
        }
        assertTrue(contents.lines().anyMatch(l -> l.matches(".*\\./opt/edge/lib/edge-.*\\.jar")), contents);

        assertEquals("edge", Tools.ok(dir, "dpkg-deb", "--field", deb.toString(), "Package").strip());
        String conffiles = Tools.ok(dir, "dpkg-deb", "--info", deb.toString(), "conffiles");
        assertTrue(conffiles.contains("/etc/edge/edge.yml"), conffiles);

        // Unpacked (not installed: that would change this machine), its edge runs and checks the
        // packaged edge.yml beside an example service.yml.
        Path root = dir.resolve("root");
        Tools.ok(dir, "dpkg-deb", "--extract", deb.toString(), root.toString());
        Path etc = root.resolve("etc/edge");
        Files.copy(etc.resolve("examples/service.yml"), etc.resolve("service.yml"));
        Files.copy(etc.resolve("examples/inventory.yml"), etc.resolve("inventory.yml"));
        String checked = Tools.ok(dir, root.resolve("opt/edge/bin/edge").toString(), "check", "-c", etc.resolve("edge.yml").toString());
        assertTrue(checked.contains("is ok"), checked);
    }
}
