package dev.race.format.importer;

import dev.race.format.elf.ElfObject;
import dev.race.format.elf.ElfRelocations;
import dev.race.format.fixtures.Fixtures;
import dev.race.format.marker.Marker;
import dev.race.steg.model.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The importer finds exactly the marker relocations each compiler and code model emits for the fixture C and
 * Rust code (DESIGN.md's table), classifies everything else as ordinary, and reports located errors for bad,
 * defined and unsupported uses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObjectImporterTest {
    private static final Path TRANSFORM = Path.of("engine", "Transform");
    private static final Path PLUGIN = Path.of("engine", "Plugin");

    /** Fixture function to the marker it uses. */
    private static final Map<String, Marker> USES = Map.of(
            "get_scale", new Marker.Offset(TRANSFORM, List.of("scale")),
            "get_y", new Marker.Offset(TRANSFORM, List.of("pos", "y")),
            "transform_size", new Marker.Size(TRANSFORM),
            "transform_align", new Marker.Align(TRANSFORM),
            "is_rect", new Marker.Tag(Path.of("engine", "Shape"), "Rect"),
            "plugin_name", new Marker.Slot(PLUGIN, "name"),
            "physics_vtable", new Marker.Vtable(PLUGIN, Path.of("plugin", "Physics")));

    private static final List<String> FUNCTIONS = List.of("get_scale", "get_y", "transform_size", "transform_align",
            "is_rect", "plugin_name", "physics_vtable");

    private Map<String, java.nio.file.Path> objects;

    @BeforeAll
    void compile(@TempDir java.nio.file.Path dir) throws IOException {
        objects = Fixtures.build(dir);
    }

    private ImportScan scan(String name) throws IOException {
        java.nio.file.Path f = objects.get(name);
        return ObjectImporter.scan(ElfObject.read(f.getFileName().toString(), ByteBuffer.wrap(Files.readAllBytes(f))));
    }

    /** "function TYPE => marker" for each semantic relocation, in object order. */
    private static List<String> render(ImportScan s) {
        return s.semantic().stream()
                .map(r -> r.sectionName().replace(".text.", "") + " " + r.typeName() + " => " + r.marker())
                .collect(Collectors.toList());
    }

    /** Each fixture function uses its marker through the given relocation types, in order. */
    private static List<String> expect(Map<String, List<String>> typesByFunction) {
        List<String> out = new ArrayList<>();
        for (String fn : FUNCTIONS) {
            for (String t : typesByFunction.getOrDefault(fn, List.of())) {
                out.add(fn + " " + t + " => " + USES.get(fn));
            }
        }
        return out;
    }

    private static Map<String, List<String>> all(String... types) {
        return FUNCTIONS.stream().collect(Collectors.toMap(f -> f, f -> List.of(types)));
    }

    private void assertSemantic(String object, List<String> expected) throws IOException {
        ImportScan s = scan(object);
        List<String> got = render(s);
        assertThat(s.errors()).as("errors of %s", object).isEmpty();
        assertThat(got).as("semantic relocations of %s:\n  %s", object, String.join("\n  ", got))
                .containsExactlyInAnyOrderElementsOf(expected);
        int total = s.object().relocations().stream().mapToInt(ElfRelocations::count).sum();
        assertThat(s.ordinary()).as("ordinary relocations of %s", object).isPositive()
                .isEqualTo(total - s.semantic().size());
        for (SemanticRelocation r : s.semantic()) {
            assertThat(r.marker().isConstant()).isEqualTo(!(r.marker() instanceof Marker.Vtable));
        }
    }

    @Test
    void x86NoPicUsesAbsoluteForms() throws IOException {
        Map<String, List<String>> t = all("R_X86_64_32");
        for (String f : List.of("get_scale", "get_y", "plugin_name")) {
            t.put(f, List.of("R_X86_64_32S")); // displacement of a memory operand: sign-extended
        }
        assertSemantic("x86-nopic", expect(t));
    }

    @Test
    void x86PieUsesRipRelativeLea() throws IOException {
        assertSemantic("x86-pie", expect(all("R_X86_64_PC32")));
    }

    @Test
    void x86PicLoadsThroughTheGot() throws IOException {
        Map<String, List<String>> t = all("R_X86_64_REX_GOTPCRELX");
        t.put("is_rect", List.of("R_X86_64_GOTPCREL")); // movzbl from the GOT slot: not relaxable, no REX
        assertSemantic("x86-pic", expect(t));
    }

    @Test
    void aarch64PieAndPicUseGotPagePairs() throws IOException {
        List<String> expected = expect(all("R_AARCH64_ADR_GOT_PAGE", "R_AARCH64_LD64_GOT_LO12_NC"));
        assertSemantic("a64-pie", expected);
        assertSemantic("a64-pic", expected);
    }

    @Test
    void aarch64NoPicUsesPagePlusLo12() throws IOException {
        assertSemantic("a64-nopic", expect(all("R_AARCH64_ADR_PREL_PG_HI21", "R_AARCH64_ADD_ABS_LO12_NC")));
    }

    @Test
    void aarch64TinyNoPicUsesAdr() throws IOException {
        assertSemantic("a64-tiny-nopic", expect(all("R_AARCH64_ADR_PREL_LO21")));
    }

    @Test
    void aarch64TinyPieUsesGotLdPrel19() throws IOException {
        // ldr xN, :got:sym (literal): the AArch64 target relaxes it to adr, or to movz for a layout constant
        assertSemantic("a64-tiny", expect(all("R_AARCH64_GOT_LD_PREL19")));
    }

    @Test
    void rustcStaticMatchesGccNoPic() throws IOException {
        assertSemantic("rust", expect(Map.of("get_scale", List.of("R_X86_64_32S"),
                "transform_size", List.of("R_X86_64_32"), "physics_vtable", List.of("R_X86_64_32"))));
    }

    @Test
    void cppComdatCodeIsAllOrdinary() throws IOException {
        ImportScan s = scan("comdat");
        assertThat(s.errors()).isEmpty();
        assertThat(s.semantic()).isEmpty();
        assertThat(s.ordinary()).isEqualTo(s.object().relocations().stream().mapToInt(ElfRelocations::count).sum());
    }

    @Test
    void badAndDefinedMarkersAreLocatedErrors() throws IOException {
        ImportScan s = scan("bogus");
        assertThat(s.semantic()).isEmpty();
        assertThat(s.errors()).extracting(ImportError::message).containsExactly(
                "bogus.o: .rodata+0x0: defines marker symbol __race_align_6engine9Transform; markers are answered "
                        + "by the linker and must stay undefined in objects",
                "bogus.o: .text+0x1: R_X86_64_32: marker `__race_off_bogus`: at 11: expected the length of a type "
                        + "path segment, found `b`",
                "bogus.o: .text+0x11: R_X86_64_32: marker `__race_size_6engine`: at 12: the type path `engine` has "
                        + "one segment; it needs a crate and an item name (e.g. 6engine9Transform)");
    }

    @Test
    void unsupportedTypesAreLocatedErrorsAndScanningGoesOn() throws IOException {
        ImportScan s = scan("unsupported");
        assertThat(s.errors()).extracting(ImportError::message).containsExactly(
                "unsupported.o: .data+0x0: R_X86_64_GOTOFF64: unsupported relocation type (against external_thing)",
                "unsupported.o: .data+0x8: R_X86_64_SIZE32: unsupported relocation type "
                        + "(against __race_size_6engine9Transform)");
        assertThat(s.semantic()).isEmpty();
        assertThat(s.ok()).isFalse();
    }
}
