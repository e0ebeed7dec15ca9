package io.edgeplane.edge.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * The demo's second thread, beside the node: waits until the node serves, prints the guide,
 * runs {@code --deploy}'s narrated deploy, then deploys the next version at each Enter. When the
 * node never serves it says why and stops the node the way Ctrl-C would.
 */
final class DemoConductor implements Runnable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Demo.Options options;
    private final DemoFleet fleet;
    private final Path dir;
    private final PrintWriter out;
    private final InputStream in;
    private final AtomicBoolean failed;
    private final DemoGuide guide;
    private final InventoryApi inventory;
    private final ProxyProbe proxy;
    private final RollingDeploy deploy;

    DemoConductor(Demo.Options options, DemoFleet fleet, Path dir, PrintWriter out, InputStream in, AtomicBoolean failed) {
        this.options = options;
        this.fleet = fleet;
        this.dir = dir;
        this.out = out;
        this.in = in;
        this.failed = failed;
        DemoPorts ports = options.ports();
        this.guide = new DemoGuide(out, ports, fleet);
        this.inventory = new InventoryApi(ports.control());
        this.proxy = new ProxyProbe(ports.http());
        this.deploy = new RollingDeploy(fleet, inventory, proxy, new DnsProbe(ports.dns()), guide);
    }

    @Override
    public void run() {
        try {
            if (!awaitServing()) {
                return;
            }
            String tcp = TcpProbe.ask(options.ports().tcp(), "hello", Duration.ofSeconds(2));
            guide.welcome(dir, tcp, options.slowSeconds(), options.deployNow());
            int version = 1;
            if (options.deployNow()) {
                version = narratedDeploy(version);
            }
            BufferedReader keys = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            while (keys.readLine() != null) {
                version = deployOnce(version);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // stdin closed: no more deploys on Enter, the demo runs on until Ctrl-C
        } catch (RuntimeException e) {
            fail("unexpected failure: " + e);
        }
    }

    /** True when the control API and the proxy answer; otherwise reports, stops the node and returns false. */
    private boolean awaitServing() throws InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (!inventory.healthy()) {
            if (Instant.now().isAfter(deadline)) {
                return fail("the control API does not answer on 127.0.0.1:" + options.ports().control()
                        + " (another program on that port? choose one with --control-port)");
            }
            Thread.sleep(100);
        }
        // Any version 1 web container: a foreign server on the port would not answer like one.
        String expected = DemoService.WEB.name() + "-1-";
        if (proxy.awaitAnswer(DemoFiles.WEB_HOST, a -> a.startsWith(expected), Duration.ofSeconds(20)) == null) {
            return fail("the proxy does not answer for " + DemoFiles.WEB_HOST + " on 127.0.0.1:" + options.ports().http()
                    + " (another program on that port? choose one with --http-port)");
        }
        return true;
    }

    private boolean fail(String why) {
        guide.say("edge demo: " + why + "; stopping");
        failed.set(true);
        Signal.raise(new Signal("INT"));
        return false;
    }

    private int deployOnce(int version) throws InterruptedException {
        try {
            if (deploy.roll(version)) {
                guide.live(version + 1);
                return version + 1;
            }
        } catch (IOException e) {
            guide.say("  the deploy failed: " + e.getMessage());
        }
        return version;
    }

    /** {@code --deploy}: a slow request on version 1, the deploy under it, and how the request ended. */
    private int narratedDeploy(int version) throws InterruptedException {
        SlowRequest slow = SlowRequest.start(proxy);
        String first;
        try {
            first = slow.firstLine(10);
        } catch (Exception e) {
            guide.say("The slow request did not start (" + e + "); deploying anyway.");
            return deployOnce(version);
        }
        guide.say("A slow request streams from version " + version + ": \"" + first + "\"");
        boolean rolled;
        try {
            rolled = deploy.roll(version);
        } catch (IOException e) {
            guide.say("  the deploy failed: " + e.getMessage());
            rolled = false;
        }
        try {
            List<String> lines = slow.lines(options.slowSeconds() + 30);
            guide.say("The slow request ended where it started, with all " + lines.size() + " lines: \""
                    + lines.getLast() + "\"");
        } catch (Exception e) {
            guide.say("The slow request was cut: " + e);
        }
        guide.say("");
        if (!rolled) {
            return version;
        }
        guide.live(version + 1);
        return version + 1;
    }
}
