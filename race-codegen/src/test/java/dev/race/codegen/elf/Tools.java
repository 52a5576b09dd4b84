package dev.race.codegen.elf;

import dev.race.format.elf.Elf;
import dev.race.format.elf.ElfObject;
import dev.race.format.elf.ElfSection;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs the system tools the tests check against. A missing tool fails the test; it never skips it. */
final class Tools {
    private Tools() {
    }

    /** Combined stdout+stderr and the exit code of one process. */
    record Result(String output, int exitCode) {
    }

    static Result exec(Path dir, String... cmd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(dir.toFile());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new AssertionError(cmd[0] + " is not installed (Debian: binutils, binutils-aarch64-linux-gnu, "
                    + "qemu-user)", e);
        }
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + String.join(" ", cmd));
            }
            return new Result(out, p.exitValue());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    /** Like {@link #exec} but a non-zero exit is a test failure. */
    static String run(Path dir, String... cmd) throws IOException {
        Result r = exec(dir, cmd);
        if (r.exitCode() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed (" + r.exitCode() + "):\n" + r.output());
        }
        return r.output();
    }

    /**
     * Assembles {@code source} with {@code as} and returns the object's {@code .text} bytes, read back with
     * race-format's reader. The sources use only absolute immediates and in-section literals, so the section must
     * carry no relocations: its bytes are final.
     */
    static byte[] assembleText(Path dir, String source, String... as) throws IOException {
        Files.writeString(dir.resolve("start.s"), source);
        String[] cmd = java.util.Arrays.copyOf(as, as.length + 3);
        cmd[as.length] = "start.s";
        cmd[as.length + 1] = "-o";
        cmd[as.length + 2] = "start.o";
        run(dir, cmd);
        ElfObject o = ElfObject.read("start.o", ByteBuffer.wrap(Files.readAllBytes(dir.resolve("start.o"))));
        ElfSection text = o.sections().stream().filter(s -> s.name().equals(".text")).findFirst().orElseThrow();
        if (o.relocations().stream().anyMatch(r -> r.target() == text.index() && r.count() > 0)) {
            throw new AssertionError("test source must assemble without relocations");
        }
        if (text.type() != Elf.SHT_PROGBITS) {
            throw new AssertionError(".text is " + text.type());
        }
        ByteBuffer c = text.contents();
        byte[] bytes = new byte[c.remaining()];
        c.get(bytes);
        return bytes;
    }
}
