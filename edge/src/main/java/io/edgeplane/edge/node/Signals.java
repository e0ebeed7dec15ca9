package io.edgeplane.edge.node;

import sun.misc.Signal;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * POSIX signals of a running node. sun.misc.Signal is the JDK's only way to catch SIGHUP, and
 * catching SIGTERM ourselves is what lets a stop end with exit 0 after a clean shutdown instead
 * of the JVM's 143.
 *
 * <p>A signal the process was started with ignored ({@code nohup edge run}, or a supervisor that
 * ignores SIGHUP) is first set back to its default: the JVM silently declines to handle an
 * inherited SIG_IGN, which left such a node deaf to SIGHUP reloads. nginx handles SIGHUP as a
 * reload however it was started; so does edge.
 */
final class Signals {

    private static final System.Logger LOG = System.getLogger("edge");

    private Signals() {
    }

    /** Runs {@code action} on a JDK signal thread each time {@code name} (e.g. {@code HUP}) arrives. */
    static void on(String name, Runnable action) {
        Signal signal = new Signal(name);
        if (ignored(signal.getNumber())) {
            restoreDefault(signal);
        }
        Signal.handle(signal, s -> action.run());
    }

    /** Whether the signal is ignored, from the SigIgn mask the process started with; false where unknown. */
    static boolean ignored(int number) {
        return IgnoredAtStart.MASK.testBit(number - 1);
    }

    /** SigIgn of /proc/self/status, read once for all the signals a node handles. */
    private static final class IgnoredAtStart {
        static final BigInteger MASK = read();

        private static BigInteger read() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith("SigIgn:")) {
                        return new BigInteger(line.substring("SigIgn:".length()).trim(), 16);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not Linux, or no procfs: nothing known to restore
            }
            return BigInteger.ZERO;
        }
    }

    private static void restoreDefault(Signal signal) {
        try {
            Linker linker = Linker.nativeLinker();
            MethodHandle signalCall = linker.downcallHandle(linker.defaultLookup().find("signal").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
            MemorySegment previous = (MemorySegment) signalCall.invokeExact(signal.getNumber(), MemorySegment.NULL);
            LOG.log(System.Logger.Level.DEBUG, "SIG" + signal.getName() + " was ignored when edge started ("
                    + previous + "); handling it");
        } catch (Throwable e) {
            LOG.log(System.Logger.Level.WARNING, "SIG" + signal.getName() + " is ignored (edge was started with it"
                    + " ignored, e.g. under nohup) and could not be restored: " + e + "; it will not reach edge");
        }
    }
}
