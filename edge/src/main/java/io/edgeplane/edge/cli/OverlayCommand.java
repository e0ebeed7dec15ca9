package io.edgeplane.edge.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code edge overlay ...}: ContainerNet keys and container attachment. */
@Command(name = "overlay", mixinStandardHelpOptions = true,
        description = "ContainerNet: keys, attaching containers, peer status.",
        subcommands = {OverlayCommand.Keygen.class, OverlayCommand.Pubkey.class, OverlayCommand.Attach.class,
                OverlayCommand.Detach.class, OverlayCommand.Status.class})
public final class OverlayCommand implements Runnable {

    private static final String WHY = "ContainerNet is built by issue 8";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "edge overlay needs a command: keygen, pubkey, attach,"
                + " detach or status");
    }

    @Command(name = "keygen", mixinStandardHelpOptions = true,
            description = "Print a new private key (base64), as wg genkey does.")
    static final class Keygen implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return NotBuilt.report(spec, WHY);
        }
    }

    @Command(name = "pubkey", mixinStandardHelpOptions = true,
            description = "Read a private key on stdin, print its public key, as wg pubkey does.")
    static final class Pubkey implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return NotBuilt.report(spec, WHY);
        }
    }

    // No standard help options: its --version is the container's, not edge's.
    @Command(name = "attach",
            description = {"Plug a network namespace (a container) into cnet0 with an address from this",
                    "server's slice, a default route and a resolv.conf, and register the container."})
    static final class Attach implements Callable<Integer> {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;

        @Option(names = "--netns", required = true, paramLabel = "NS", description = "The network namespace.")
        String netns;

        @Option(names = "--service", required = true, paramLabel = "S", description = "The container's service.")
        String service;

        @Option(names = "--version", required = true, paramLabel = "V", description = "The deploy generation.")
        int version;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return NotBuilt.report(spec, WHY);
        }
    }

    @Command(name = "detach", mixinStandardHelpOptions = true,
            description = "Reverse attach: unplug the namespace and unregister the container.")
    static final class Detach implements Callable<Integer> {
        @Option(names = "--netns", required = true, paramLabel = "NS", description = "The network namespace.")
        String netns;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return NotBuilt.report(spec, WHY);
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Show the peers, their slices, last handshakes and traffic.")
    static final class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return NotBuilt.report(spec, WHY);
        }
    }
}
