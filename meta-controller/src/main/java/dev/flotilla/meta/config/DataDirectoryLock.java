package dev.flotilla.meta.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on the embedded database's data directory, held for the lifetime of its PostgreSQL, so two
 * meta-controllers never run a server on one directory. The lock file holds the PID of the process that owns it;
 * the operating system releases the lock when that process ends, however it ends (a kill included).
 */
final class DataDirectoryLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * @param lockFile the lock file, beside the data directory it guards
     * @param dataDirectory the guarded directory, named in the refusal
     * @throws DatabaseStartRefused when another live process holds the lock
     */
    static DataDirectoryLock acquire(Path lockFile, Path dataDirectory) throws IOException {
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this very process
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            String holder = holder(lockFile);
            throw new DatabaseStartRefused("Another meta-controller (PID " + holder
                    + ") is running on the embedded database in " + dataDirectory + " (it holds " + lockFile + ").",
                    "Stop that process first (PID " + holder + "), or give this one its own data directory"
                            + " (FLOTILLA_DATA_DIR or --flotilla.data-dir).");
        }
        byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(pid), 0);
        channel.force(true);
        return new DataDirectoryLock(channel, lock);
    }

    private static String holder(Path lockFile) {
        try {
            String pid = Files.readString(lockFile, StandardCharsets.US_ASCII).strip();
            return pid.isEmpty() ? "unknown" : pid;
        } catch (IOException e) {
            return "unknown";
        }
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
