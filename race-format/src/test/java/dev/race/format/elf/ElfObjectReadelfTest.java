package dev.race.format.elf;

import dev.race.format.fixtures.Fixtures;
import dev.race.format.fixtures.Readelf;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every section (name, type, address, offset, size, entry size, flags, link, info, alignment and bytes), symbol
 * (value, size, type, binding, visibility, section index, name), relocation (offset, info, type name, symbol
 * value and name, addend) and section group read from real compiler output agrees with GNU readelf.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ElfObjectReadelfTest {
    private Map<String, Path> objects;

    @BeforeAll
    void compile(@TempDir Path dir) throws IOException {
        objects = Fixtures.build(dir);
    }

    @TestFactory
    List<DynamicTest> agreesWithReadelf() {
        List<DynamicTest> tests = new ArrayList<>();
        objects.forEach((name, file) -> tests.add(DynamicTest.dynamicTest(name, () -> check(file))));
        tests.add(DynamicTest.dynamicTest("the fixtures cover groups, notes, COMMON, weak, hidden, init_array, "
                + "mergeable strings, NOBITS", () -> {
            List<String> all = new ArrayList<>();
            for (Path f : objects.values()) {
                all.addAll(Readelf.sections(f));
                all.addAll(Readelf.symbols(f));
            }
            assertThat(String.join("\n", all)).contains(" GROUP ", " NOTE ", " INIT_ARRAY ", " NOBITS ", " AMS ",
                    " COM common_thing", " WEAK ", " HIDDEN ", " X86_64_UNWIND ");
            assertThat(Readelf.groups(objects.get("comdat"))).hasSize(6);
        }));
        return tests;
    }

    private static void check(Path file) throws IOException {
        byte[] raw = Files.readAllBytes(file);
        ElfObject o = ElfObject.read(file.getFileName().toString(), ByteBuffer.wrap(raw));
        assertThat(Readelf.sections(file)).hasSizeGreaterThan(5);
        assertThat(Readelf.symbols(file)).hasSizeGreaterThan(3);
        assertThat(Readelf.relocations(file)).isNotEmpty().allSatisfy((k, v) -> assertThat(v).isNotEmpty());
        assertThat(Readelf.sections(o)).as("sections").containsExactlyElementsOf(Readelf.sections(file));
        assertThat(Readelf.symbols(o)).as("symbols").containsExactlyElementsOf(Readelf.symbols(file));
        assertThat(Readelf.relocations(o)).as("relocations").containsExactlyEntriesOf(Readelf.relocations(file));
        assertThat(Readelf.groups(o)).as("groups").containsExactlyElementsOf(Readelf.groups(file));
        for (ElfSection s : o.sections()) {
            ByteBuffer c = s.contents();
            if (s.isNobits() || s.type() == Elf.SHT_NULL) {
                assertThat(c.remaining()).as("%s has no file bytes", s).isZero();
                continue;
            }
            byte[] got = new byte[c.remaining()];
            c.get(got);
            byte[] want = new byte[(int) s.size()];
            System.arraycopy(raw, (int) s.offset(), want, 0, want.length);
            assertThat(got).as("bytes of %s", s).isEqualTo(want);
        }
    }
}
