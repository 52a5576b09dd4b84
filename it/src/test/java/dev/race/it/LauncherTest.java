package dev.race.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bin/race as a user runs it, as a process: it picks the newest installed Java 17 or later (an explicit RACE_JAVA
 * winning), makes its start-up cache on the first run and maps it on the next ones (the JVM's class-loading log
 * says the classes come from it; --help and --version do not make one), and a damaged, truncated or unwritable
 * cache never shows: the run succeeds and
 * prints exactly what it prints without one. Needs the command-line jar of this build and, to mean anything, two
 * Java versions (these machines have OpenJDK 17 and Temurin 25).
 */
class LauncherTest {
    static final Path REPO = Path.of("").toAbsolutePath().getParent();
    static final Path RACE = REPO.resolve("bin/race");
    static final String[] LAYOUT = {"layout", REPO.resolve("examples/engine-2.0.steg").toString(),
            REPO.resolve("examples/plugin.steg").toString()};

    record Ran(int code, String out, String err) {
    }

    static Ran race(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(RACE.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("RACE_") || k.equals("JAVA"));
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
            try {
                return p.getErrorStream().readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("bin/race %s timed out", List.of(args)).isTrue();
        return new Ran(p.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err.join(), StandardCharsets.UTF_8));
    }

    /** The java executables of /usr/lib/jvm by feature version (the first of each version), read as bin/race does. */
    static TreeMap<Integer, Path> installed() throws IOException {
        TreeMap<Integer, Path> found = new TreeMap<>();
        Pattern v = Pattern.compile("(?m)^JAVA_VERSION=\"(?:1\\.)?(\\d+)");
        try (Stream<Path> s = Files.list(Path.of("/usr/lib/jvm"))) {
            for (Path home : s.sorted().toList()) {
                Path release = home.resolve("release");
                Path java = home.resolve("bin/java");
                if (Files.isReadable(release) && Files.isExecutable(java)) {
                    Matcher m = v.matcher(Files.readString(release));
                    if (m.find()) {
                        found.putIfAbsent(Integer.parseInt(m.group(1)), java);
                    }
                }
            }
        }
        return found;
    }

    /** The "race: java N: COMMAND" line RACE_DEBUG prints for the command bin/race runs. */
    static String command(Ran r) {
        return r.err().lines().filter(l -> l.startsWith("race: java ")).findFirst()
                .orElseThrow(() -> new AssertionError("no RACE_DEBUG line in:\n" + r.err()));
    }

    @Test
    void theNewestJavaIsChosenUnlessRaceJavaNamesOne() throws Exception {
        TreeMap<Integer, Path> javas = installed();
        assertThat(javas.keySet()).as("Java versions in /usr/lib/jvm (expected 17 and 25)").hasSizeGreaterThan(1);
        Map.Entry<Integer, Path> newest = javas.lastEntry();
        Map.Entry<Integer, Path> oldest = javas.ceilingEntry(17);
        assertThat(oldest.getKey()).isLessThan(newest.getKey());

        // JAVA_HOME and PATH lead to the older one: still the newest is run
        Path oldHome = oldest.getValue().getParent().getParent();
        Ran r = race(Map.of("RACE_DEBUG", "1", "RACE_CACHE", "off", "JAVA_HOME", oldHome.toString(),
                "PATH", oldHome.resolve("bin") + ":/usr/bin:/bin"), "--version");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("race ");
        assertThat(command(r)).startsWith("race: java " + newest.getKey() + ": " + newest.getValue() + " ");

        Ran explicit = race(Map.of("RACE_DEBUG", "1", "RACE_CACHE", "off", "RACE_JAVA", oldest.getValue().toString()),
                "--version");
        assertThat(explicit.code()).as(explicit.err()).isZero();
        assertThat(command(explicit)).startsWith("race: java " + oldest.getKey() + ": " + oldest.getValue() + " ");

        // RACE_JAVA_OPTS replaces the default options
        Ran opts = race(Map.of("RACE_DEBUG", "1", "RACE_CACHE", "off", "RACE_JAVA_OPTS", "-XX:+UseSerialGC -Xss4m"),
                "--version");
        assertThat(opts.code()).as(opts.err()).isZero();
        assertThat(command(opts)).contains(" -XX:+UseSerialGC -Xss4m -jar ").doesNotContain("UseParallelGC");
    }

    @Test
    void withoutJava17TheLauncherSaysSo(@TempDir Path tmp) throws Exception {
        // a fake Java 11 as JAVA_HOME, no other Java on PATH or in the Java directories
        Path home = Files.createDirectories(tmp.resolve("jdk-11/bin")).getParent();
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"11.0.2\"\n");
        Path fake = Files.writeString(home.resolve("bin/java"), "#!/bin/sh\necho not run >&2\nexit 99\n");
        fake.toFile().setExecutable(true);
        Path bin = Files.createDirectories(tmp.resolve("path"));
        for (String tool : List.of("bash", "dirname", "readlink", "locale", "grep", "stat", "mkdir", "sed", "head")) {
            for (String dir : List.of("/usr/bin", "/bin")) {
                if (Files.isExecutable(Path.of(dir, tool))) {
                    Files.createSymbolicLink(bin.resolve(tool), Path.of(dir, tool));
                    break;
                }
            }
        }
        Ran r = race(Map.of("JAVA_HOME", home.toString(), "PATH", bin.toString(),
                "RACE_JAVA_DIRS", Files.createDirectories(tmp.resolve("none")).toString()), "--version");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("race: error: needs Java 17 or newer, and found " + fake + " (11) (looked at "
                + "$JAVA_HOME, java on PATH and " + tmp.resolve("none") + "); install one or set RACE_JAVA to its "
                + "java\n");
    }

    /** The cache files of a cache directory (no temporary file may stay behind). */
    static List<Path> cacheFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> all = s.sorted().toList();
            assertThat(all).as("only finished cache files in %s", dir)
                    .allSatisfy(p -> assertThat(p.getFileName().toString()).matches("race-java\\d+-\\w+-\\w+-\\d+\\.(aot|jsa)"));
            return all;
        }
    }

    @Test
    void theCacheIsMadeOnceThenUsedAndADamagedOneIsIgnoredSilently(@TempDir Path tmp) throws Exception {
        TreeMap<Integer, Path> javas = installed();
        Ran plain = race(Map.of("RACE_CACHE", "off"), "--version");
        assertThat(plain.code()).as(plain.err()).isZero();
        Ran layout = race(Map.of("RACE_CACHE", "off"), LAYOUT);
        assertThat(layout.code()).as(layout.err()).isZero();
        assertThat(layout.out()).contains("engine::Transform");
        for (Path exe : List.of(javas.lastEntry().getValue(), javas.ceilingEntry(17).getValue())) {
            Path cache = tmp.resolve("cache-" + exe.getParent().getParent().getFileName());
            Map<String, String> env = Map.of("RACE_JAVA", exe.toString(), "RACE_CACHE", cache.toString());
            // --version does not train the cache: what it loads would serve a link worse than no cache
            assertThat(race(env, "--version").out()).isEqualTo(plain.out());
            assertThat(cache).satisfiesAnyOf(d -> assertThat(d).doesNotExist(), d -> assertThat(d).isEmptyDirectory());
            // three first runs of a command at once: each succeeds as without cache, one whole cache file is left
            List<CompletableFuture<Ran>> first = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                first.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return race(env, LAYOUT);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            for (CompletableFuture<Ran> f : first) {
                Ran r = f.join();
                assertThat(r.code()).as(r.err()).isZero();
                assertThat(r.out()).isEqualTo(layout.out());
                assertThat(r.err()).isEmpty();
            }
            List<Path> files = cacheFiles(cache);
            assertThat(files).as("%s", exe).hasSize(1);
            Path made = files.get(0);
            boolean aot = made.toString().endsWith(".aot");

            // the next run maps it: its classes come from the cache
            Path log = tmp.resolve("classes.log");
            Ran second = race(Map.of("RACE_JAVA", exe.toString(), "RACE_CACHE", cache.toString(), "RACE_DEBUG", "1",
                    "RACE_JAVA_OPTS", "-XX:+UseParallelGC -Xlog:class+load=info:file=" + log), "--version");
            assertThat(second.code()).as(second.err()).isZero();
            assertThat(command(second)).contains((aot ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + made);
            assertThat(Files.readString(log)).containsPattern("dev\\.race\\.link\\.cli\\.RaceCli source: shared objects"
                    + " file");
            assertThat(cacheFiles(cache)).containsExactly(made);

            // damaged inside (the JVM would crash on it unchecked), then garbage of the same size: refused silently
            made.toFile().setWritable(true);
            byte[] bytes = Files.readAllBytes(made);
            java.util.Arrays.fill(bytes, bytes.length / 2, bytes.length / 2 + 4096, (byte) 'X');
            Files.write(made, bytes);
            Ran inside = race(env, LAYOUT);
            assertThat(inside.code()).as(inside.err()).isZero();
            assertThat(inside.out()).isEqualTo(layout.out());
            assertThat(inside.err()).isEmpty();
            byte[] junk = new byte[bytes.length];
            new java.util.Random(42).nextBytes(junk);
            Files.write(made, junk);
            Ran damaged = race(env, "--version");
            assertThat(damaged.code()).as(damaged.err()).isZero();
            assertThat(damaged.out()).isEqualTo(plain.out());
            assertThat(damaged.err()).isEmpty();

            // truncated (the JVM would crash on it): not used, made again
            Files.write(made, java.util.Arrays.copyOf(junk, junk.length / 2));
            Ran truncated = race(env, LAYOUT);
            assertThat(truncated.code()).as(truncated.err()).isZero();
            assertThat(truncated.out()).isEqualTo(layout.out());
            assertThat(truncated.err()).isEmpty();
            assertThat(cacheFiles(cache)).hasSize(1);
            assertThat(Files.size(cacheFiles(cache).get(0))).isEqualTo(Long.parseLong(
                    cacheFiles(cache).get(0).getFileName().toString().replaceAll(".*-(\\d+)\\.\\w+$", "$1")));
        }
    }

    @Test
    void anUnwritableCacheDirectoryOrRaceCacheOffRunsWithoutCache(@TempDir Path tmp) throws Exception {
        Ran plain = race(Map.of("RACE_CACHE", "off", "RACE_DEBUG", "1"), "--version");
        assertThat(plain.code()).as(plain.err()).isZero();
        assertThat(command(plain)).doesNotContain("AOT").doesNotContain("SharedArchive");
        Path file = Files.writeString(tmp.resolve("a-file"), "");
        Ran r = race(Map.of("RACE_CACHE", file.resolve("cache").toString(), "RACE_DEBUG", "1"), LAYOUT);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("engine::Transform");
        assertThat(command(r)).doesNotContain("AOT").doesNotContain("SharedArchive");
        assertThat(r.err().lines().filter(l -> !l.startsWith("race: java "))).isEmpty();
    }
}
