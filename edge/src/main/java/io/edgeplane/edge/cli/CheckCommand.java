package io.edgeplane.edge.cli;

import io.edgeplane.conf.ConfigFiles;
import io.edgeplane.conf.ConfigLoader;
import io.edgeplane.conf.Loaded;
import io.edgeplane.conf.Problem;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code edge check}: what {@code nginx -t} is to nginx. Reads, validates, reports, touches nothing. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Validate the configuration files, like nginx -t.",
                "Prints every error and warning with its file, line and column, then a summary.",
                "Exit 0 when valid (warnings allowed), 1 when not."})
public final class CheckCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ConfigFiles files = options.files();
        Loaded loaded = ConfigLoader.load(files);
        PrintWriter err = spec.commandLine().getErr();
        for (Problem problem : loaded.problems()) {
            err.println(problem.format());
        }
        String summary = "edge: configuration " + ConfigOptions.names(files);
        int errors = loaded.errors().size();
        int warnings = loaded.warnings().size();
        if (loaded.ok()) {
            err.println(summary + " is ok" + (warnings == 0 ? "" : " (" + plural(warnings, "warning") + ")"));
            err.flush();
            return ExitStatus.OK;
        }
        err.println(summary + " test failed: " + plural(errors, "error")
                + (warnings == 0 ? "" : ", " + plural(warnings, "warning")));
        err.flush();
        return ExitStatus.INVALID_INPUT;
    }

    private static String plural(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }
}
