package io.edgeplane.edge.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code edge overlay ...}: ContainerNet keys, container attachment and peer status. */
@Command(name = "overlay", mixinStandardHelpOptions = true,
        description = "ContainerNet: keys, attaching containers, peer status.",
        subcommands = {OverlayKeygenCommand.class, OverlayPubkeyCommand.class, OverlayGenpskCommand.class,
                OverlayAttachCommand.class, OverlayDetachCommand.class, OverlayStatusCommand.class})
public final class OverlayCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "edge overlay needs a command: keygen, pubkey, genpsk,"
                + " attach, detach or status");
    }
}
