package io.edgeplane.edge.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code edge demo}: demo containers, proxy and DNS on one machine. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run a demo on this machine and print what to try.",
                "Starts demo containers, the proxy and ElasticDNS with a built-in configuration."})
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return NotBuilt.report(spec, "issue 10: the demo needs the proxy and ElasticDNS");
    }
}
