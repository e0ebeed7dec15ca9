package io.edgeplane.perf.load;

import java.io.Closeable;

/**
 * One client's connection (or socket) to the target, used by one worker thread: sends one
 * request, waits for its whole answer, and says what went wrong, if anything. No retries: a
 * request that fails is an error even if trying again would have worked.
 */
interface Exchange extends Closeable {

    /** One request and its answer; null when it succeeded, otherwise a short kind of error. */
    String exchange();

    /** True when the last error was failing to connect (the worker then pauses briefly). */
    boolean lastWasConnectError();

    @Override
    void close();
}
