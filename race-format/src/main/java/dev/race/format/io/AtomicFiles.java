package dev.race.format.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes output files atomically: the bytes go to a temporary file in the target's directory, which is
 * then renamed over the target. Readers never see a partial file; a failed write leaves no partial file
 * and keeps any older file untouched. The directory must exist.
 *
 * <p>The file gets the mode a linker gives its outputs: {@code 0666 & ~umask}, or {@code 0777 & ~umask} for an
 * executable (as ld does). Java cannot ask for the umask, so it is read once from the {@code Umask:} line of
 * {@code /proc/self/status} (Linux); where that is absent, {@code 022} is assumed.
 *
 * <p>An existing target that is a device (such as {@code /dev/null}) is written into, not replaced; a directory
 * is refused ({@code Is a directory}).
 *
 * <p>The checks a command runs before it writes anything are here too: {@link #clash} (an output that is the
 * same file as an input or as another output, by file identity) and {@link #notRegular} (an input that is a
 * FIFO, a directory or a device, refused before it is opened).
 */
public final class AtomicFiles {
    private static final int UMASK = readUmask();

    private AtomicFiles() {
    }

    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, bytes, false);
    }

    /**
     * Like {@link #write(Path, byte[])}; when {@code executable}, the file gets the execute bits the umask allows
     * ({@code 0777 & ~umask}) before it is renamed into place, so the program never appears without them.
     *
     * @throws IOException whose message is the operating system's reason only (e.g. {@code Permission denied},
     *                     {@code No space left on device}), never the temporary file's name: the caller names
     *                     {@code target} ("cannot write TARGET: REASON")
     */
    public static void write(Path target, byte[] bytes, boolean executable) throws IOException {
        Path abs = target.toAbsolutePath();
        BasicFileAttributes existing = null;
        try {
            existing = Files.readAttributes(abs, BasicFileAttributes.class);
        } catch (IOException e) {
            // no such file yet (or a dangling link, which the rename replaces)
        }
        if (existing != null && existing.isDirectory()) {
            throw new IOException("Is a directory");
        }
        if (existing != null && existing.isOther()) {
            // a device such as /dev/null (or a FIFO): written into, as ld does, never replaced by a regular file
            try {
                Files.write(abs, bytes);
                return;
            } catch (IOException e) {
                throw new IOException(reason(e), e);
            }
        }
        Path tmp = null;
        try {
            tmp = createTemporary(abs);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                // in slices: a channel copies a heap buffer into a native one as large as what it is given
                for (int at = 0; at < bytes.length; ) {
                    at += ch.write(ByteBuffer.wrap(bytes, at, Math.min(WRITE_SLICE, bytes.length - at)));
                }
            }
            if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(tmp, permissions((executable ? 0777 : 0666) & ~UMASK));
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new IOException(reason(e), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // nothing more to do: the target is untouched
                }
            }
        }
    }

    /**
     * Creates the directories {@code target} goes in; an IOException whose message is the reason (an ancestor that
     * is a file answers {@code Not a directory}, as opening the target would).
     */
    /** How many bytes one write call of {@link #write} hands the channel. */
    private static final int WRITE_SLICE = 1 << 20;
    private static final AtomicLong TEMPORARIES = new AtomicLong();

    /**
     * A new, empty file beside {@code target} ({@code .NAME.PID.N.tmp}), created exclusively, so no other writer can
     * have it. Named from the process id and a counter rather than {@link Files#createTempFile}'s random number,
     * whose generator costs a short-lived command tens of milliseconds to seed; a name some other process left or
     * took is skipped.
     */
    private static Path createTemporary(Path target) throws IOException {
        String prefix = "." + target.getFileName() + "." + ProcessHandle.current().pid() + ".";
        for (int attempt = 0; ; attempt++) {
            Path tmp = target.resolveSibling(prefix + TEMPORARIES.incrementAndGet() + ".tmp");
            try {
                Files.newByteChannel(tmp, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)).close();
                return tmp;
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 1000) {
                    throw e;
                }
            }
        }
    }

    public static void createParents(Path target) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        if (parent == null) {
            return;
        }
        try {
            Files.createDirectories(parent);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("Not a directory", e);
        } catch (IOException e) {
            throw new IOException(reason(e), e);
        }
    }

    /** The umask this process runs under, as read from {@code /proc/self/status} ({@code 022} where absent). */
    public static int umask() {
        return UMASK;
    }

    static int readUmask() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Umask:")) {
                    return Integer.parseInt(line.substring("Umask:".length()).trim(), 8) & 0777;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or no /proc: fall back
        }
        return 022;
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {
                PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                s.add(bits[i]);
            }
        }
        return s;
    }

    /** The operating system's reason for {@code e}, in its words ({@code Permission denied}), without a file name. */
    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof NotDirectoryException) {
            return "Not a directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "File exists";
        }
        if (e instanceof FileSystemException fs) {
            return fs.getReason() != null ? fs.getReason() : "I/O error";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /**
     * Null when {@code path} is missing or a regular file (following symbolic links); otherwise the message
     * {@code PATH: not a regular file (...)}, given without opening it (opening a FIFO would block).
     */
    /** The largest input read into one array (a Java array holds at most about 2^31 - 8 bytes). */
    public static final long MAX_INPUT = Integer.MAX_VALUE - 8;

    /**
     * Null when {@code path} can be read whole (or cannot be measured: the read reports it); otherwise the message
     * refusing it, ending with {@code remedy} when there is one, so an input over 2 GiB gets a diagnostic rather
     * than an {@code OutOfMemoryError}.
     */
    public static String tooLarge(Path path, String remedy) {
        long size;
        try {
            size = Files.size(path);
        } catch (IOException e) {
            return null;
        }
        if (size <= MAX_INPUT) {
            return null;
        }
        return String.format("%s: %d bytes (%.1f GiB), larger than the 2 GiB RACE reads as one input%s", path, size,
                size / (double) (1L << 30), remedy == null ? "" : "; " + remedy);
    }

    public static String notRegular(Path path) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException e) {
            return null; // missing or unreadable: the read reports it
        }
        if (a.isRegularFile()) {
            return null;
        }
        return path + ": not a regular file" + (a.isDirectory() ? " (it is a directory)" : "");
    }

    /**
     * Null when every output is a different file from every input and from every other output; otherwise the
     * message for the first clash: {@code output file OUT is also an input (the same file as IN); nothing written}.
     * Files are compared by identity (device and inode, after symbolic links), so a hard link, a symbolic link or
     * another spelling of the same path is caught; an output that does not exist yet is compared by its real
     * directory and name. Null entries are ignored.
     */
    public static String clash(List<Path> inputs, List<Path> outputs) {
        List<Object> in = inputs.stream().map(p -> p == null ? null : identity(p)).toList();
        for (int o = 0; o < outputs.size(); o++) {
            Path out = outputs.get(o);
            if (out == null) {
                continue;
            }
            Object id = identity(out);
            for (int i = 0; i < inputs.size(); i++) {
                if (in.get(i) != null && in.get(i).equals(id)) {
                    return "output file " + out + " is also an input (the same file as " + inputs.get(i)
                            + "); nothing written";
                }
            }
            for (int p = 0; p < o; p++) {
                Path other = outputs.get(p);
                if (other != null && identity(other).equals(id)) {
                    return "output file " + out + " is also an output (the same file as " + other
                            + "); nothing written";
                }
            }
        }
        return null;
    }

    /** The file key (device, inode) of an existing file, else its real directory and name. */
    private static Object identity(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            Object key = a.fileKey();
            return key != null ? key : p.toRealPath();
        } catch (IOException e) {
            // does not exist (or a dangling link): where it would be created
        }
        Path abs = p.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        if (parent == null) {
            return abs;
        }
        try {
            parent = parent.toRealPath();
        } catch (IOException e) {
            // a directory still to be created
        }
        return "path:" + parent.resolve(abs.getFileName().toString());
    }
}
