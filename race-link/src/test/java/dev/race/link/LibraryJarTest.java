package dev.race.link;

import dev.race.bindgen.Bindgen;
import dev.race.codegen.Target;
import dev.race.format.rcrate.RcrateReader;
import dev.race.layout.LayoutSolver;
import dev.race.steg.lang.StegCompiler;
import dev.race.vtable.VtableSynthesizer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The library a toolchain embeds (race-link and the modules under it) carries no command line: no picocli on its
 * class path, no {@code dev.race.link.cli} class, and no class of it that refers to either. The command line is
 * race-cli, which depends on race-link; this fails if that arrow is ever reversed or picocli comes back.
 */
class LibraryJarTest {
    /** One class of each library module: where it was loaded from is that module's classes (or jar). */
    static final List<Class<?>> MODULES = List.of(RaceLinker.class, StegCompiler.class, RcrateReader.class,
            LayoutSolver.class, VtableSynthesizer.class, Bindgen.class, Target.class);

    @Test
    void picocliAndTheCommandLineAreNotOnTheLibrarysClassPath() {
        assertThatThrownBy(() -> Class.forName("picocli.CommandLine"))
                .as("picocli is on race-link's class path").isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("dev.race.link.cli.RaceCli"))
                .as("the command line is in race-link").isInstanceOf(ClassNotFoundException.class);
        assertThat(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .noneMatch(e -> Path.of(e).getFileName() != null
                        && Path.of(e).getFileName().toString().startsWith("picocli"));
    }

    @Test
    void noLibraryClassIsACommandLineClassOrRefersToPicocli() throws Exception {
        int classes = 0;
        List<String> offenders = new ArrayList<>();
        for (Class<?> module : MODULES) {
            Path where = Path.of(module.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Entry e : classes(where)) {
                classes++;
                // a class's constant pool names every class it refers to, as dev/race/.../Name in modified UTF-8
                String text = new String(e.bytes(), StandardCharsets.ISO_8859_1);
                if (e.name().startsWith("dev/race/link/cli/") || text.contains("picocli/")
                        || text.contains("dev/race/link/cli/")) {
                    offenders.add(where + ": " + e.name());
                }
            }
        }
        assertThat(classes).as("classes read from %s", MODULES).isGreaterThan(300);
        assertThat(offenders).isEmpty();
    }

    record Entry(String name, byte[] bytes) {
    }

    private static List<Entry> classes(Path where) throws IOException {
        List<Entry> out = new ArrayList<>();
        if (Files.isDirectory(where)) {
            try (Stream<Path> s = Files.walk(where)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    if (p.toString().endsWith(".class")) {
                        out.add(new Entry(where.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p)));
                    }
                }
            }
        } else {
            try (JarFile jar = new JarFile(where.toFile())) {
                for (Enumeration<JarEntry> en = jar.entries(); en.hasMoreElements(); ) {
                    JarEntry je = en.nextElement();
                    if (je.getName().endsWith(".class")) {
                        try (InputStream in = jar.getInputStream(je)) {
                            out.add(new Entry(je.getName(), in.readAllBytes()));
                        }
                    }
                }
            }
        }
        return out;
    }
}
