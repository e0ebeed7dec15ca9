package io.edgeplane.conf.registry;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Keeps a second edge process (or a second registry in this one) from writing the same state
 * directory: two writers would each believe their revision is the latest. The OS drops the lock
 * when the process dies, even by {@code kill -9}, so a stale lock never blocks a restart.
 */
final class StateDirLock implements AutoCloseable {

    static final String NAME = "registry.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private StateDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static StateDirLock acquire(Path dir) throws IOException {
        FileChannel channel = FileChannel.open(dir.resolve(NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new IOException("state directory " + dir + " is in use by another edge process"
                    + " (or registry); stop it, or give this one its own control.state_dir");
        }
        return new StateDirLock(channel, lock);
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
