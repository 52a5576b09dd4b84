package dev.race.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every command the README shows (its {@code sh} blocks), run as a user runs them: one shell, in order, from a
 * directory that links to everything of the checkout but {@code examples/}, of which it has a copy (so what the
 * commands write stays out of the checkout), with the jar this build made. Each must exit with the status the README promises: 0, except the
 * documented refusals and {@code race diff}'s change bitmask. Not run here: the {@code mvn} lines (this build is
 * running them) and the {@code bench/} scripts (minutes of benchmarking, run on their own); the test fails if the
 * README gains a command it does not know how to judge.
 */
class ReadmeCommandsTest {
    static final Path REPO = Path.of("").toAbsolutePath().getParent();

    /** The exit status of each command that does not exit 0, as the README says it does. */
    static final Map<String, Integer> NOT_ZERO = Map.of(
            // engine 2.0 has breaking changes for a client that uses all of 1.0 (Shape's new variants and tag):
            // the bits for a change and an incompatible one (docs/diff.md's exit bitmask)
            "bin/race diff examples/engine-1.0.steg examples/engine-2.0.steg", 12);

    static List<String> commands() throws IOException {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String line : Files.readAllLines(REPO.resolve("README.md"))) {
            if (line.startsWith("```")) {
                in = !in && line.equals("```sh");
                continue;
            }
            if (in && !line.isBlank()) {
                out.add(line.replaceAll("\\s+#.*$", "").strip());
            }
        }
        return out;
    }

    @Test
    void everyReadmeCommandRunsAsTheReadmeSays(@TempDir Path dir) throws Exception {
        List<String> all = commands();
        assertThat(all).as("the README shows commands").hasSizeGreaterThan(15);
        // the checkout as it is (the built jar included), but for a private copy of examples/, which the commands
        // write into (examples/drift/run.sh writes examples/drift/out)
        try (Stream<Path> top = Files.list(REPO)) {
            for (Path p : (Iterable<Path>) top::iterator) {
                String name = p.getFileName().toString();
                if (!name.equals("examples") && !name.startsWith(".")) {
                    Files.createSymbolicLink(dir.resolve(name), p);
                }
            }
        }
        copy(REPO.resolve("examples"), dir.resolve("examples"));
        Map<Integer, String> run = new LinkedHashMap<>();
        StringBuilder script = new StringBuilder("set -u\n");
        for (String c : all) {
            if (c.startsWith("mvn ") || c.startsWith("bench/")) continue;
            int i = run.size();
            run.put(i, c);
            script.append(c).append("\necho \"@@rc ").append(i).append(" $?\"\n");
        }
        assertThat(run.values()).contains("examples/drift/run.sh", "bin/race dump plugin.rcrate");
        Path sh = Files.writeString(dir.resolve("readme.sh"), script);
        ProcessBuilder pb = new ProcessBuilder("bash", sh.toString()).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("PATH", System.getProperty("user.home") + "/.cargo/bin:" + System.getenv("PATH"));
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
        Matcher m = Pattern.compile("@@rc (\\d+) (\\d+)").matcher(log);
        Map<Integer, Integer> codes = new LinkedHashMap<>();
        while (m.find()) codes.put(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        assertThat(codes.keySet()).as(log).containsExactlyElementsOf(run.keySet());
        for (Map.Entry<Integer, String> e : run.entrySet()) {
            assertThat(codes.get(e.getKey())).as("%s%n%s", e.getValue(), log)
                    .isEqualTo(NOT_ZERO.getOrDefault(e.getValue(), 0));
        }
        assertThat(dir.resolve("app")).exists();
        assertThat(dir.resolve("plugin.rcrate")).exists();
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path rel = from.relativize(p);
                if (rel.startsWith("drift/out")) continue;
                Path t = to.resolve(rel.toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t);
            }
        }
    }
}
