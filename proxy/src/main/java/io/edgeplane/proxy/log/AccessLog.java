package io.edgeplane.proxy.log;

import io.netty.util.internal.PlatformDependent;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The asynchronous access log. Event loops {@link #log offer} entries to a bounded
 * multi-producer queue (lock-free; when it is full the entry is dropped and counted rather
 * than making a request wait); one daemon thread formats and writes them, flushing whenever
 * the queue runs dry. The target follows the settings: null = stdout, {@code "off"} = nothing,
 * otherwise a file appended to.
 */
public final class AccessLog implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(AccessLog.class.getName());
    private static final int CAPACITY = 64 * 1024;

    private final Queue<AccessLogEntry> queue = PlatformDependent.newFixedMpscQueue(CAPACITY);
    private final CombinedLogFormat format = new CombinedLogFormat(ZoneId.systemDefault());
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private volatile String target;
    private volatile boolean enabled;
    private volatile boolean closed;

    public AccessLog(String target) {
        this.target = target;
        this.enabled = !"off".equals(target);
        this.writer = Thread.ofPlatform().daemon().name("edge-access-log").unstarted(this::run);
        writer.start();
    }

    /** Switches the target (from a new configuration); entries already queued go to the new one. */
    public void target(String newTarget) {
        if (!Objects.equals(newTarget, target)) {
            target = newTarget;
            enabled = !"off".equals(newTarget);
            LockSupport.unpark(writer);
        }
    }

    /** Whether entries are kept: when not, callers need not build them. */
    public boolean enabled() {
        return enabled;
    }

    public void log(AccessLogEntry entry) {
        if (enabled && !queue.offer(entry)) {
            dropped.incrementAndGet();
        }
    }

    /** Entries dropped because the writer fell behind. */
    public long dropped() {
        return dropped.get();
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(writer);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        String openTarget = null;
        Writer out = null;
        StringBuilder line = new StringBuilder(256);
        while (true) {
            String wanted = target;
            if (out == null || !Objects.equals(wanted, openTarget)) {
                closeQuietly(out, openTarget);
                out = open(wanted);
                openTarget = wanted;
            }
            AccessLogEntry e = queue.poll();
            if (e == null) {
                flushQuietly(out);
                if (closed) {
                    closeQuietly(out, openTarget);
                    return;
                }
                // Off, nothing can arrive until target() or close() wakes it: no 200 wake-ups a
                // second on a machine whose cores the event loops need.
                LockSupport.parkNanos(enabled ? TimeUnit.MILLISECONDS.toNanos(5) : TimeUnit.SECONDS.toNanos(1));
                continue;
            }
            line.setLength(0);
            format.format(e, line);
            line.append('\n');
            try {
                out.append(line);
            } catch (IOException ex) {
                LOG.log(System.Logger.Level.WARNING, "access log write failed: {0}", ex.toString());
                closeQuietly(out, openTarget);
                out = null;
            }
        }
    }

    private static Writer open(String target) {
        if (target == null) {
            return new OutputStreamWriter(nonClosing(System.out), StandardCharsets.UTF_8);
        }
        if ("off".equals(target)) {
            return Writer.nullWriter();
        }
        try {
            Path path = Path.of(target);
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
            return Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException | RuntimeException ex) {
            LOG.log(System.Logger.Level.ERROR, "cannot open access log {0}: {1}; writing to stdout", target, ex.toString());
            return new OutputStreamWriter(nonClosing(System.out), StandardCharsets.UTF_8);
        }
    }

    private static OutputStream nonClosing(OutputStream s) {
        return new java.io.FilterOutputStream(s) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        };
    }

    private static void flushQuietly(Writer out) {
        try {
            out.flush();
        } catch (IOException ignored) {
            // reported on the next write
        }
    }

    private static void closeQuietly(Writer out, String target) {
        if (out == null) {
            return;
        }
        try {
            out.close();
        } catch (IOException ex) {
            LOG.log(System.Logger.Level.WARNING, "closing access log {0}: {1}", target, ex.toString());
        }
    }
}
