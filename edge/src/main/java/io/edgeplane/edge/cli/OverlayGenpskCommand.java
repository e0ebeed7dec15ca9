package io.edgeplane.edge.cli;

import io.edgeplane.overlay.keys.WgKeys;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code edge overlay genpsk}: {@code wg genpsk}, for overlay.secret_file. */
@Command(name = "genpsk", mixinStandardHelpOptions = true,
        description = {"Print a new pre-shared key (base64), as wg genpsk does.",
                "Put it in overlay.secret_file on every server: edge overlay genpsk > secret; chmod 600 secret"})
public final class OverlayGenpskCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println(WgKeys.genpsk());
        spec.commandLine().getOut().flush();
        return ExitStatus.OK;
    }
}
