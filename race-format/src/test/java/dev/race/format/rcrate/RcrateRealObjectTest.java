package dev.race.format.rcrate;

import dev.race.format.elf.ElfObject;
import dev.race.format.elf.ElfSection;
import dev.race.format.elf.RelocationTypes;
import dev.race.format.marker.Marker;
import dev.race.steg.model.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RcrateRealObjectTest {

    @Test
    void gccObjectSurvivesWriteAndMappedRead(@TempDir java.nio.file.Path dir) throws Exception {
        ElfObject o = RealObjects.object(RealObjects.compile(dir));
        RcrateFile f = RealObjects.rcrate(o);
        java.nio.file.Path out = dir.resolve("engine.rcrate");
        RcrateWriter.writeAtomically(out, f);
        assertThat(Files.readAllBytes(out)).isEqualTo(RcrateWriter.write(f));

        RcrateReader reader = RcrateReader.open(out);
        assertThat(reader.target()).isEqualTo(RcrateTarget.X86_64);
        assertThat(reader.crateName()).isEqualTo("engine");
        assertThat(reader.crateVersion()).hasToString("1.2.3-beta");
        RcrateFile back = reader.file();
        assertThat(back).isEqualTo(f);

        // the bytes of every section are those gcc wrote
        for (RSection s : back.sections()) {
            ElfSection e = o.sections().stream().filter(x -> x.name().equals(s.name())).findFirst().orElseThrow();
            assertThat(s.size()).isEqualTo(e.size());
            assertThat(s.bytes()).as(s.name()).isEqualTo(e.contents());
        }
        assertThat(back.sections()).extracting(RSection::name).contains(".text", ".bss", ".rodata.str1.1");
        assertThat(back.sections().stream().filter(s -> s.name().equals(".bss")).findFirst().orElseThrow().isNobits())
                .isTrue();

        RSymbols sym = back.symbols();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < sym.count(); i++) names.add(sym.name(i));
        assertThat(names).contains("get_scale", "transform_size", "slot", "greet",
                "__race_off_6engine9Transform_5scale");
        int counter = names.indexOf("counter");
        assertThat(sym.section(counter)).isEqualTo(RSymbols.COMMON);
        assertThat(sym.section(names.indexOf("__race_size_6engine9Transform"))).isEqualTo(RSymbols.UNDEF);

        assertThat(back.queries()).containsExactlyInAnyOrder(
                new Marker.Offset(Path.of("engine", "Transform"), List.of("scale")),
                new Marker.Size(Path.of("engine", "Transform")),
                new Marker.Vtable(Path.of("engine", "Plugin"), Path.of("plugin", "Physics")));
        RRelocations r = back.relocations();
        int semantic = 0;
        for (int i = 0; i < r.count(); i++) {
            if (!r.isSemantic(i)) continue;
            semantic++;
            Marker q = back.queries().get(r.query(i));
            assertThat(sym.name(r.symbol(i))).startsWith("__race_");
            if (q instanceof Marker.Offset) {
                // movss 0x0(%rdi),%xmm0: the displacement is an R_X86_64_32S against the marker
                assertThat(r.type(i)).isEqualTo(RelocationTypes.R_X86_64_32S);
                assertThat(back.sections().get(r.section(i)).name()).isEqualTo(".text");
            }
        }
        assertThat(semantic).isEqualTo(3);
        assertThat(r.count()).isGreaterThan(semantic);
    }
}
