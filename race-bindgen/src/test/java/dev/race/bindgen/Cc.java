package dev.race.bindgen;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs real compilers and readelf for the bindings tests; a missing tool fails the test. */
final class Cc {
    private Cc() {
    }

    record Ran(int code, String out) {
    }

    static Ran run(Path dir, List<String> cmd) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            throw new AssertionError("cannot run " + cmd.get(0) + " (is it installed?): " + e.getMessage(), e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s timed out", cmd).isTrue();
        return new Ran(p.exitValue(), out);
    }

    static String ok(Path dir, List<String> cmd) throws Exception {
        Ran r = run(dir, cmd);
        assertThat(r.code()).as("%s failed:%n%s", String.join(" ", cmd), r.out()).isZero();
        return r.out();
    }

    /** The compiler command for {@code compiler} ("gcc", "clang", "aarch64-linux-gnu-gcc", "clang-aarch64"). */
    static List<String> compiler(String compiler) {
        return switch (compiler) {
            case "clang-aarch64" -> new ArrayList<>(List.of("clang", "--target=aarch64-linux-gnu"));
            default -> new ArrayList<>(List.of(compiler));
        };
    }

    /** The undefined symbols of an object that start with {@code prefix}, sorted (readelf reads any ELF machine). */
    static TreeSet<String> undefined(Path dir, Path object, String prefix) throws Exception {
        TreeSet<String> names = new TreeSet<>();
        for (String line : ok(dir, List.of("readelf", "-sW", object.toString())).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 8 && f[6].equals("UND") && f[7].startsWith(prefix)) {
                names.add(f[7]);
            }
        }
        return names;
    }
}
