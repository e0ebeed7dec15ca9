package io.edgeplane.edge.cli;

import io.edgeplane.overlay.keys.WgKeys;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code edge overlay keygen}: {@code wg genkey}, or with {@code --out} a key file made safely. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = {"Print a new private key (base64), as wg genkey does.",
                "With --out, write it to FILE instead (mode 0600 from the first byte) and print its public key,"
                        + " for the server's overlay_key in inventory.yml."})
public final class OverlayKeygenCommand implements Callable<Integer> {

    @Option(names = "--out", paramLabel = "FILE", description = "Write the private key to FILE (e.g. the file of"
            + " overlay.private_key_file); an existing FILE is kept unless --force.")
    Path out;

    @Option(names = "--force", description = "With --out: replace FILE if it exists.")
    boolean force;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String key = WgKeys.genkey();
        if (out == null) {
            spec.commandLine().getOut().println(key);
            spec.commandLine().getOut().flush();
            return ExitStatus.OK;
        }
        try {
            WgKeys.writeSecretFile(out, key, force);
        } catch (FileAlreadyExistsException e) {
            spec.commandLine().getErr().println(spec.qualifiedName() + ": " + out + " exists; it is kept (--force"
                    + " replaces it, and with it this server's identity on the overlay)");
            spec.commandLine().getErr().flush();
            return ExitStatus.INVALID_INPUT;
        } catch (IOException e) {
            spec.commandLine().getErr().println(spec.qualifiedName() + ": cannot write " + out + ": " + e.getMessage());
            spec.commandLine().getErr().flush();
            return ExitStatus.RUNTIME_FAILURE;
        }
        spec.commandLine().getOut().println(WgKeys.pubkey(key));
        spec.commandLine().getOut().flush();
        return ExitStatus.OK;
    }
}
