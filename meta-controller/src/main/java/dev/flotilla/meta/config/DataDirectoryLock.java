package dev.flotilla.meta.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An exclusive lock on the embedded database's data directory, held for the lifetime of its PostgreSQL, so two
 * meta-controllers never run a server on one directory. The lock file holds the PID of the process that owns it;
 * the operating system releases the lock when that process ends, however it ends (a kill included).
 */
final class DataDirectoryLock implements AutoCloseable {

    /**
     * Lock files held by this JVM. A POSIX lock belongs to the process, and closing any descriptor of the file drops
     * it, so a second attempt from this JVM is answered here without opening the file.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(Path key, FileChannel channel, FileLock lock) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * @param lockFile the lock file, beside the data directory it guards
     * @param dataDirectory the guarded directory, named in the refusal
     * @throws DatabaseStartRefused when another live process holds the lock
     */
    static DataDirectoryLock acquire(Path lockFile, Path dataDirectory) throws IOException {
        Path key = lockFile.toAbsolutePath().normalize();
        if (!HELD.add(key)) {
            throw refused(Long.toString(ProcessHandle.current().pid()), lockFile, dataDirectory);
        }
        try {
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            if (lock == null) {
                channel.close();
                throw refused(holder(lockFile), lockFile, dataDirectory);
            }
            try {
                byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
                channel.truncate(0);
                channel.write(ByteBuffer.wrap(pid), 0);
                channel.force(true);
            } catch (IOException | RuntimeException e) {
                channel.close(); // releases the lock
                throw e;
            }
            return new DataDirectoryLock(key, channel, lock);
        } catch (IOException | RuntimeException e) {
            HELD.remove(key);
            throw e;
        }
    }

    private static DatabaseStartRefused refused(String holder, Path lockFile, Path dataDirectory) {
        return new DatabaseStartRefused("Another meta-controller (PID " + holder
                + ") is running on the embedded database in " + dataDirectory + " (it holds " + lockFile + ").",
                "Stop that process first (PID " + holder + "), or give this one its own data directory"
                        + " (FLOTILLA_DATA_DIR or --flotilla.data-dir).");
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
            HELD.remove(key);
        }
    }
}
