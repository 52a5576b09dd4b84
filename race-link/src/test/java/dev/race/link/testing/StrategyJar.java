package dev.race.link.testing;

import dev.race.layout.LayoutStrategy;
import dev.race.steg.model.Repr;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample layout strategy of src/test/strategy-sample ("c-sorted": C layout, fields sorted by decreasing
 * alignment) built as a jar of its own, the way a user would ship one: its sources compiled by javac against
 * race-layout and race-steg only, with its META-INF/services entry, and nothing else of RACE edited. Nothing on the
 * test class path provides "c-sorted": only the jar does, through a class loader of its own.
 */
public final class StrategyJar {
    /** The sample's sources, in the race-link module (found from race-link or from a sibling module's tests). */
    public static final Path SOURCES = java.nio.file.Files.isDirectory(Path.of("src/test/strategy-sample"))
            ? Path.of("src/test/strategy-sample") : Path.of("../race-link/src/test/strategy-sample");

    private StrategyJar() {
    }

    /** Builds {@code dir/c-sorted-VERSION.jar} with the strategy reporting {@code version}; returns the jar. */
    public static Path build(Path dir, int version) throws Exception {
        Path src = Files.createDirectories(dir.resolve("src-" + version));
        Path classes = Files.createDirectories(dir.resolve("classes-" + version));
        Path source = SOURCES.resolve("dev/race/sample/SortedCStrategy.java");
        String text = Files.readString(source);
        assertThat(text).contains("static final int VERSION = 1;");
        Path copy = Files.createDirectories(src.resolve("dev/race/sample")).resolve("SortedCStrategy.java");
        Files.writeString(copy, text.replace("static final int VERSION = 1;", "static final int VERSION = " + version + ";"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("a JDK's javac").isNotNull();
        String cp = location(LayoutStrategy.class) + java.io.File.pathSeparator + location(Repr.class);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = javac.run(null, err, err, "--release", "17", "-classpath", cp, "-d", classes.toString(),
                copy.toString());
        assertThat(rc).as("javac: %s", err.toString(StandardCharsets.UTF_8)).isZero();
        Path jar = dir.resolve("c-sorted-" + version + ".jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
            add(j, "META-INF/services/dev.race.layout.LayoutStrategy",
                    Files.readAllBytes(SOURCES.resolve("META-INF/services/dev.race.layout.LayoutStrategy")));
            List<Path> files = new ArrayList<>();
            try (Stream<Path> s = Files.walk(classes)) {
                s.filter(Files::isRegularFile).sorted().forEach(files::add);
            }
            for (Path f : files) {
                add(j, classes.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
            }
        }
        return jar;
    }

    private static void add(JarOutputStream j, String name, byte[] bytes) throws IOException {
        j.putNextEntry(new JarEntry(name));
        j.write(bytes);
        j.closeEntry();
    }

    private static String location(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    /** A class loader with the jar over the test's own: what a user's class path with the jar added gives. */
    public static URLClassLoader loader(Path jar) throws IOException {
        return new URLClassLoader("strategy-" + jar.getFileName(), new URL[] {jar.toUri().toURL()},
                StrategyJar.class.getClassLoader());
    }

    /** Runs {@code body} with {@code loader} as the thread's context class loader (the "caller's class loader"). */
    public static <T> T with(ClassLoader loader, Callable<T> body) throws Exception {
        Thread t = Thread.currentThread();
        ClassLoader old = t.getContextClassLoader();
        t.setContextClassLoader(loader);
        try {
            return body.call();
        } finally {
            t.setContextClassLoader(old);
        }
    }
}
