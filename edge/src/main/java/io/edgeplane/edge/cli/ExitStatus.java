package io.edgeplane.edge.cli;

/** The exit statuses of SPEC §4, the same for every command. */
public final class ExitStatus {

    public static final int OK = 0;
    /** The user's input is wrong: a configuration error, an unknown option. Fix it and retry. */
    public static final int INVALID_INPUT = 1;
    /** Something failed at run time: damaged state, a port in use, a part not built yet. */
    public static final int RUNTIME_FAILURE = 2;

    private ExitStatus() {
    }
}
