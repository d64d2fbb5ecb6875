package dev.mcppol.runtime.approval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Approvals in a directory, one JSON file per request ({@code ID.json}), for the proxies and the CLI
 * of one machine. Every change happens under an exclusive lock on {@code .lock} (processes) and is
 * written to a temporary file first and moved into place (a reader never sees half a record; a crash
 * leaves the old record). Records survive a proxy restart.
 */
public final class FileApprovalStore implements ApprovalStore {
    private static final String SUFFIX = ".json";
    /** How long to wait for another process's lock before giving up (an operation takes microseconds). */
    private static final long LOCK_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Path dir;
    private final Path lockFile;

    public FileApprovalStore(Path dir) {
        this.dir = dir;
        this.lockFile = dir.resolve(".lock");
    }

    public Path dir() {
        return dir;
    }

    @Override
    public boolean create(Approval a) {
        return locked(() -> {
            Path p = file(a.id());
            if (Files.exists(p)) {
                return false;
            }
            write(p, a);
            return true;
        });
    }

    @Override
    public Optional<Approval> get(String id) {
        if (!ApprovalIds.valid(id)) {
            return Optional.empty();
        }
        return read(file(id));
    }

    @Override
    public List<Approval> all() {
        List<Approval> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (name.endsWith(SUFFIX) && ApprovalIds.valid(name.substring(0, name.length() - SUFFIX.length()))) {
                    read(p).ifPresent(out::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparingLong(Approval::createdAt).thenComparing(Approval::id));
        return out;
    }

    @Override
    public boolean replace(Approval expected, Approval updated) {
        if (!expected.id().equals(updated.id())) {
            throw new IllegalArgumentException("replace keeps the id");
        }
        return locked(() -> {
            Path p = file(expected.id());
            Optional<Approval> now = read(p);
            if (now.isEmpty() || !now.get().equals(expected)) {
                return false;
            }
            write(p, updated);
            return true;
        });
    }

    @Override
    public void remove(String id) {
        if (!ApprovalIds.valid(id)) {
            return;
        }
        locked(() -> {
            try {
                Files.deleteIfExists(file(id));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return true;
        });
    }

    private Path file(String id) {
        return dir.resolve(id + SUFFIX);
    }

    private Optional<Approval> read(Path p) {
        try {
            return Optional.of(Approval.fromJsonText(Files.readString(p, StandardCharsets.UTF_8)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("approval record " + p + " is not readable: " + e.getMessage(), e);
        }
    }

    private void write(Path p, Approval a) {
        Path tmp = dir.resolve("." + a.id() + ".tmp");
        try {
            Files.writeString(tmp, a.toJsonText() + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + p + ": " + e.getMessage(), e);
        }
    }

    /** Runs {@code body} holding the directory's lock (across processes and across stores in one JVM). */
    private <T> T locked(Supplier<T> body) {
        // Made on first use: a proxy whose policy never asks leaves no directory behind.
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the approvals directory " + dir + ": " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + LOCK_WAIT_NANOS;
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            while (true) {
                FileLock lock = null;
                try {
                    lock = ch.tryLock();
                } catch (OverlappingFileLockException inThisJvm) {
                    // another store of this JVM holds it; wait like for another process
                }
                if (lock != null) {
                    try (FileLock held = lock) {
                        return body.get();
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the approvals directory " + dir + " stayed locked for 10 s");
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + lockFile + ": " + e.getMessage(), e);
        }
    }
}
