package dev.race.bench.gen;

import dev.race.format.marker.Markers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The generator's contract; that the constants are right is LdOracleTest's job (module it). */
class LinkWorkloadTest {
    private static final Pattern EXTERN = Pattern.compile("extern const char (__race_\\w+)\\[\\];");

    @Test
    void sameSeedSameFilesOtherSeedOtherFiles(@TempDir Path a, @TempDir Path b, @TempDir Path c) throws IOException {
        LinkWorkload.write(a, LinkWorkload.Options.of(6, 2, 1));
        LinkWorkload.write(b, LinkWorkload.Options.of(6, 2, 1));
        LinkWorkload.write(c, LinkWorkload.Options.of(6, 2, 2));
        for (String f : List.of("engine.steg", "o0.c", "o5.c", "main.c", "layout.s", "crates.txt")) {
            assertThat(Files.readString(b.resolve(f))).as(f).isEqualTo(Files.readString(a.resolve(f)));
        }
        assertThat(Files.readString(c.resolve("o0.c"))).isNotEqualTo(Files.readString(a.resolve("o0.c")));
    }

    @Test
    void layoutDefinesExactlyTheMarkersTheSourcesDeclare(@TempDir Path dir) throws IOException {
        LinkWorkload.Workload w = LinkWorkload.write(dir, new LinkWorkload.Options(7, 3, 5, 0, 3, 9, true));
        Set<String> declared = new LinkedHashSet<>();
        for (String src : w.sources()) {
            Matcher m = EXTERN.matcher(Files.readString(dir.resolve(src)));
            while (m.find()) declared.add(m.group(1));
        }
        assertThat(w.markers().keySet()).containsExactlyInAnyOrderElementsOf(declared);
        assertThat(declared).allMatch(n -> Markers.mangle(Markers.demangle(n)).equals(n));
        String asm = Files.readString(dir.resolve("layout.s"));
        w.markers().forEach((n, v) -> assertThat(asm).contains("\t.globl " + n + "\n\t.set " + n + ", " + v + "\n"));
        // engine (no code), three mod crates with the seven objects in order, app with main.o
        assertThat(w.crates()).extracting(LinkWorkload.CrateFiles::name)
                .containsExactly("engine", "mod_0", "mod_1", "mod_2", "app");
        assertThat(w.objects()).containsExactly("o0.o", "o1.o", "o2.o", "o3.o", "o4.o", "o5.o", "o6.o", "main.o");
        assertThat(Files.readString(dir.resolve("main.c"))).contains("run_6(arena, h)").contains("_start");
    }

    @Test
    void withoutSlotsNoSlotMarker(@TempDir Path dir) throws IOException {
        LinkWorkload.Workload w = LinkWorkload.write(dir, new LinkWorkload.Options(20, 4, 20, 0, 0, 3, false));
        assertThat(w.markers().keySet()).noneMatch(n -> n.startsWith("__race_slot_"))
                .anyMatch(n -> n.startsWith("__race_tag_"));
    }

    @Test
    void badOptionsAreRefusedWithTheirName() {
        assertThatThrownBy(() -> LinkWorkload.Options.of(0, 1, 1)).hasMessage("objects must be at least 1, not 0");
        assertThatThrownBy(() -> LinkWorkload.Options.of(1, -2, 1))
                .hasMessage("functions per object must be at least 1, not -2");
    }
}
