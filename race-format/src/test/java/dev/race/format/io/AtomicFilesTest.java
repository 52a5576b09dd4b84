package dev.race.format.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Output files: identity clashes, regular inputs, umask modes, reasons without the temporary file's name. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void clashesAreFoundByIdentityNotByName() throws IOException {
        Path a = Files.writeString(dir.resolve("a"), "a");
        Path b = Files.writeString(dir.resolve("b"), "b");
        Path hard = Files.createLink(dir.resolve("hard"), a);
        Path sym = Files.createSymbolicLink(dir.resolve("sym"), a);
        Files.createDirectories(dir.resolve("sub"));
        assertThat(AtomicFiles.clash(List.of(a), List.of(b))).isNull();
        assertThat(AtomicFiles.clash(List.of(a), List.of(hard))).contains("output file " + hard
                + " is also an input (the same file as " + a + "); nothing written");
        assertThat(AtomicFiles.clash(List.of(sym), List.of(a))).contains("the same file as " + sym);
        assertThat(AtomicFiles.clash(List.of(a), List.of(dir.resolve("sub/../a")))).isNotNull();
        // two outputs that do not exist yet, spelled differently
        assertThat(AtomicFiles.clash(List.of(a), List.of(dir.resolve("new"), dir.resolve("sub/../new"))))
                .contains("is also an output");
        assertThat(AtomicFiles.clash(List.of(a), java.util.Arrays.asList(null, dir.resolve("new")))).isNull();
    }

    @Test
    void nonRegularFilesAreNamed() throws IOException {
        assertThat(AtomicFiles.notRegular(Files.writeString(dir.resolve("f"), "x"))).isNull();
        assertThat(AtomicFiles.notRegular(dir.resolve("missing"))).isNull();
        assertThat(AtomicFiles.notRegular(dir)).isEqualTo(dir + ": not a regular file (it is a directory)");
        assertThat(AtomicFiles.notRegular(Path.of("/dev/zero"))).isEqualTo("/dev/zero: not a regular file");
    }

    @Test
    void modesFollowTheUmask() throws IOException {
        assertThat(PosixFilePermissions.toString(AtomicFiles.permissions(0640))).isEqualTo("rw-r-----");
        assertThat(PosixFilePermissions.toString(AtomicFiles.permissions(0755))).isEqualTo("rwxr-xr-x");
        int mask = AtomicFiles.umask();
        Path f = dir.resolve("f");
        AtomicFiles.write(f, new byte[] {1});
        assertThat(Files.getPosixFilePermissions(f)).isEqualTo(AtomicFiles.permissions(0666 & ~mask));
        AtomicFiles.write(f, new byte[] {2}, true);
        assertThat(Files.getPosixFilePermissions(f)).isEqualTo(AtomicFiles.permissions(0777 & ~mask));
        assertThat(Files.readAllBytes(f)).containsExactly(2);
    }

    @Test
    void aFailedWriteGivesTheReasonAndLeavesNoTemporaryFile() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "old");
        assertThatThrownBy(() -> AtomicFiles.write(file.resolve("out"), new byte[] {1}))
                .isInstanceOf(IOException.class).hasMessage("Not a directory");
        assertThatThrownBy(() -> AtomicFiles.write(dir, new byte[] {1}))
                .isInstanceOf(IOException.class).hasMessage("Is a directory");
        assertThatThrownBy(() -> AtomicFiles.createParents(file.resolve("out")))
                .isInstanceOf(IOException.class).hasMessage("Not a directory");
        assertThat(Files.readString(file)).isEqualTo("old");
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("file");
        }
    }
}
