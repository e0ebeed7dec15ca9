package io.edgeplane.edge.cli;

import io.edgeplane.edge.overlay.WgKeyText;
import io.edgeplane.overlay.keys.WgKeys;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code edge overlay pubkey}: {@code wg pubkey}, same input rules, same output, same errors. */
@Command(name = "pubkey", mixinStandardHelpOptions = true,
        description = {"Read a private key on stdin, print its public key, as wg pubkey does:",
                "  edge overlay keygen | tee overlay.key | edge overlay pubkey"})
public final class OverlayPubkeyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        byte[] input;
        try {
            input = System.in.readAllBytes();
        } catch (IOException e) {
            return fail(WgKeyText.BAD_KEY);
        }
        WgKeyText.Parsed parsed = WgKeyText.parse(input);
        if (parsed.error() != null) {
            return fail(parsed.error());
        }
        spec.commandLine().getOut().println(WgKeys.pubkey(parsed.key()));
        spec.commandLine().getOut().flush();
        return ExitStatus.OK;
    }

    private int fail(String message) {
        spec.commandLine().getErr().println(spec.qualifiedName() + ": " + message);
        spec.commandLine().getErr().flush();
        return ExitStatus.INVALID_INPUT;
    }
}
