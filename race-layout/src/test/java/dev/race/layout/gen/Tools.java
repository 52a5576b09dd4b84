package dev.race.layout.gen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs external compilers and programs for the oracle tests. */
public final class Tools {
    private Tools() {
    }

    /** Exit code and combined output of a finished process. */
    public record Result(int exit, String output) {
    }

    /**
     * Fails (AssertionError) with the package to install when {@code tool} is not on the PATH: oracle tests
     * never skip silently.
     */
    public static void require(String tool, String debianPackage) {
        try {
            Result r = run(List.of(tool, "--version"), null, 60);
            if (r.exit() == 0) return;
        } catch (IOException e) {
            // fall through
        }
        throw new AssertionError(tool + " is not installed or does not run; install it (Debian/Ubuntu: apt-get "
                + "install " + debianPackage + ")");
    }

    public static Result run(List<String> cmd, Path dir, long timeoutSeconds) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (dir != null) pb.directory(dir.toFile());
        Process p = pb.start();
        byte[] out;
        try {
            out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + String.join(" ", cmd));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + String.join(" ", cmd));
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    public static Path write(Path dir, String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }
}
