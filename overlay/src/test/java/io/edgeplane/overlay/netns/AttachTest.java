package io.edgeplane.overlay.netns;

import io.edgeplane.conf.testing.RootTools;

import static org.junit.jupiter.api.Assertions.*;

import io.edgeplane.conf.model.Cidr;
import io.edgeplane.overlay.attach.NetnsAttach;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A container namespace attached to server A reaches server B's overlay address; detach undoes it. */
@Tag("root")
class AttachTest {

    @Test
    void attachedContainerReachesAnotherServerAndDetachCleansUp() throws Exception {
        RootTools.assumeRootAndTools("ip", "ping", "sysctl");
        try (Lab lab = new Lab()) {
            var ka = NamespaceOverlayTest.keys(lab, "a");
            var kb = NamespaceOverlayTest.keys(lab, "b");
            Path psk = NamespaceOverlayTest.psk(lab);
            lab.new Node(lab.nsA, NamespaceOverlayTest.nodeArgs(ka, psk, "10.32.1.1/16", kb.publicKey(),
                    lab.underlayB + ":6784", "10.32.2.0/24"));
            lab.new Node(lab.nsB, NamespaceOverlayTest.nodeArgs(kb, psk, "10.32.2.1/16", ka.publicKey(),
                    lab.underlayA + ":6784", "10.32.1.0/24"));
            Lab.sh("ip", "netns", "exec", lab.nsA, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
            String container = lab.namespace("c");
            Path etc = lab.dir.resolve("etc-netns");
            NetnsAttach attach = new NetnsAttach(Cidr.parse("10.32.0.0/16"), 1420, InetAddress.ofLiteral("10.32.1.1"),
                    etc, lab.nsA);
            var att = attach.attach(container, "web-7-a", InetAddress.ofLiteral("10.32.1.5"), InetAddress.ofLiteral("10.32.1.1"));
            assertEquals("nameserver 10.32.1.1", Files.readAllLines(etc.resolve(container).resolve("resolv.conf")).get(1));

            StringBuilder out = new StringBuilder();
            assertEquals(0, lab.run(container, out, "ping", "-n", "-c", "3", "-i", "0.2", "-W", "3", "10.32.2.1"), out.toString());
            assertEquals(0, lab.run(lab.nsB, out, "ping", "-n", "-c", "2", "-i", "0.2", "-W", "3", "10.32.1.5"), out.toString());

            attach.detach(container, "web-7-a");
            assertFalse(Files.exists(etc.resolve(container)));
            assertTrue(Lab.sh("ip", "-n", lab.nsA, "link", "show").indexOf(att.hostVeth()) < 0, "host veth gone");
            assertTrue(Lab.sh("ip", "-n", container, "addr", "show").indexOf("10.32.1.5") < 0, "address gone");
            attach.detach(container, "web-7-a"); // twice is harmless
        }
    }
}
