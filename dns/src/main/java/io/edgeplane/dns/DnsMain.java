package io.edgeplane.dns;

import io.edgeplane.conf.ConfigFiles;
import io.edgeplane.conf.ConfigLoader;
import io.edgeplane.conf.Loaded;
import io.edgeplane.conf.Problem;
import io.edgeplane.conf.model.Config;
import io.edgeplane.conf.model.Role;
import io.edgeplane.dns.central.CentralServer;
import io.edgeplane.dns.client.NodeClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * ElasticDNS alone, from the three files: the central if this node has the central role, the
 * node client if it has the node role. Prints one {@code ready} line with the bound addresses
 * and runs until stopped (SIGTERM/SIGINT). Exit codes as {@code edge}: 1 bad input, 2 runtime
 * failure. A stand-in until {@code edge run} wires ElasticDNS to the registry.
 *
 * <pre>java io.edgeplane.dns.DnsMain edge.yml service.yml inventory.yml</pre>
 */
public final class DnsMain {

    private DnsMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: DnsMain <edge.yml> <service.yml> <inventory.yml>");
            System.exit(1);
        }
        Loaded loaded = ConfigLoader.load(new ConfigFiles(Path.of(args[0]), Path.of(args[1]), Path.of(args[2])));
        for (Problem p : loaded.problems()) {
            System.err.println(p);
        }
        if (!loaded.ok()) {
            System.exit(1);
        }
        Config config = loaded.config();
        List<AutoCloseable> running = new ArrayList<>();
        StringBuilder ready = new StringBuilder("edgeplane-dns ready");
        try {
            if (config.settings().node().roles().contains(Role.CENTRAL)) {
                CentralServer central = new CentralServer();
                running.add(central);
                central.apply(config);
                ready.append(" central=").append(central.endpoint());
            }
            if (config.settings().node().roles().contains(Role.NODE)) {
                NodeClient client = new NodeClient();
                running.add(client);
                client.apply(config);
                ready.append(" listen=").append(client.endpoints());
            }
        } catch (RuntimeException e) {
            System.err.println("cannot start ElasticDNS: " + e.getMessage());
            closeAll(running);
            System.exit(2);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            closeAll(running);
            stopped.countDown();
        }, "dns-shutdown"));
        System.out.println(ready);
        System.out.flush();
        stopped.await();
    }

    private static void closeAll(List<AutoCloseable> running) {
        for (AutoCloseable c : running.reversed()) {
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("while stopping: " + e);
            }
        }
    }
}
