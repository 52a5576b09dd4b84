package dev.race.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Running external tools (gcc, ld, the linked programs) with a time limit. */
final class Tools {
    private Tools() {
    }

    record Result(int exit, String output) {
    }

    /** Runs {@code cmd} in {@code dir}; stdout and stderr together. */
    static Result run(Path dir, List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + String.join(" ", cmd));
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** Runs {@code cmd} and returns its output; AssertionError with the output when it fails. */
    static String check(Path dir, List<String> cmd) throws IOException, InterruptedException {
        Result r = run(dir, cmd);
        if (r.exit() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " exited with " + r.exit() + ":\n" + r.output());
        }
        return r.output();
    }

    /** Whether {@code tool} can be started (it answers {@code --version}). */
    static boolean present(String tool) {
        try {
            return run(Path.of("."), List.of(tool, "--version")).exit() == 0;
        } catch (IOException | InterruptedException | RuntimeException e) {
            return false;
        }
    }
}
