package dev.race.format.elf;

import dev.race.format.fixtures.Fixtures;
import dev.race.format.fixtures.Tools;
import dev.race.format.importer.ImportScan;
import dev.race.format.importer.ObjectImporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Every truncation and a seeded stream of random mutations of a real object and a real archive end in a
 * successful read or an {@link ElfFormatException}, never in another exception or a hang. A successful read is
 * then used fully (names, contents, the importer) to show the accessors cannot fail either.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CorruptionTest {
    private static final int MUTATIONS = 100_000;
    /** Values that stress offsets, sizes and counts: zero, small, boundary, sign and overflow cases. */
    private static final long[] INTERESTING = {0, 1, 2, 4, 8, 24, 63, 64, 0x7f, 0x80, 0xff, 0xfff1, 0xfff2, 0xffff,
            0x7fff_ffffL, 0x8000_0000L, 0xffff_ffffL, Long.MAX_VALUE, Long.MIN_VALUE, -1, -24, -64};

    private byte[] object;
    private byte[] archive;

    @BeforeAll
    void compile(@TempDir Path dir) throws IOException {
        var objects = Fixtures.build(dir);
        object = Files.readAllBytes(objects.get("x86-nopic"));
        Files.copy(objects.get("rust"), dir.resolve("a_long_member_name_for_the_gnu_table.o"));
        Tools.ok(dir, "ar", "rcs", "lib.a", "x86-nopic.o", "a_long_member_name_for_the_gnu_table.o");
        archive = Files.readAllBytes(dir.resolve("lib.a"));
    }

    /** Reads and uses {@code bytes} as an object; returns true on success, false on ElfFormatException. */
    private static boolean useObject(String name, ByteBuffer bytes) {
        ElfObject o;
        try {
            o = ElfObject.read(name, bytes);
        } catch (ElfFormatException e) {
            assertThat(e.getMessage()).startsWith(name + ": offset 0x");
            return false;
        }
        StringBuilder seen = new StringBuilder();
        for (ElfSection s : o.sections()) {
            seen.append(s.name()).append(Elf.sectionTypeName(o.machine(), s.type()));
            ByteBuffer c = s.contents();
            if (c.remaining() > 0) {
                c.get(c.remaining() - 1);
            }
        }
        ElfSymbols sy = o.symbols();
        for (int i = 0; i < sy.count(); i++) {
            seen.append(sy.name(i)).append(sy.binding(i)).append(sy.type(i)).append(sy.visibility(i));
            if (sy.shndx(i) > 0 && sy.shndx(i) < Elf.SHN_LORESERVE) {
                seen.append(o.section(sy.shndx(i)).name());
            }
        }
        for (ElfRelocations r : o.relocations()) {
            for (int i = 0; i < r.count(); i++) {
                seen.append(sy.name(r.symbol(i))).append(RelocationTypes.describe(o.machine(), r.type(i)))
                        .append(o.section(r.target()).name());
            }
        }
        for (ElfGroup g : o.groups()) {
            g.members().forEach(m -> seen.append(o.section(m).name()));
        }
        assertThat(seen.length()).isNotNegative();
        ImportScan scan = ObjectImporter.scan(o);
        scan.errors().forEach(e -> e.message());
        return true;
    }

    private static boolean useArchive(ByteBuffer bytes) {
        ArArchive a;
        try {
            a = ArArchive.read("lib.a", bytes);
        } catch (ElfFormatException e) {
            assertThat(e.getMessage()).startsWith("lib.a: offset 0x");
            return false;
        }
        for (ArMember m : a.members()) {
            useObject(m.qualifiedName("lib.a"), m.bytes());
        }
        return true;
    }

    /** Structured regions of the object (headers and tables), where a mutation is most likely to matter. */
    private List<long[]> tables(byte[] bytes) {
        ElfObject o = ElfObject.read("x.o", ByteBuffer.wrap(bytes));
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        List<long[]> out = new ArrayList<>();
        out.add(new long[]{0, 64});
        out.add(new long[]{b.getLong(40), 64L * o.sections().size()});
        for (ElfSection s : o.sections()) {
            int t = s.type();
            if (t == Elf.SHT_SYMTAB || t == Elf.SHT_RELA || t == Elf.SHT_GROUP || t == Elf.SHT_STRTAB) {
                out.add(new long[]{s.offset(), s.size()});
            }
        }
        return out;
    }

    private static void mutate(byte[] b, Random rnd, List<long[]> tables) {
        int edits = 1 + rnd.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int pos;
            if (tables != null && rnd.nextInt(4) != 0) {
                long[] t = tables.get(rnd.nextInt(tables.size()));
                pos = (int) (t[0] + (t[1] == 0 ? 0 : rnd.nextInt((int) t[1])));
            } else {
                pos = rnd.nextInt(b.length);
            }
            if (rnd.nextBoolean()) {
                b[pos] = (byte) rnd.nextInt(256);
            } else {
                long v = INTERESTING[rnd.nextInt(INTERESTING.length)];
                int width = 1 << rnd.nextInt(4); // 1, 2, 4 or 8 bytes, little-endian
                for (int k = 0; k < width && pos + k < b.length; k++) {
                    b[pos + k] = (byte) (v >>> (8 * k));
                }
            }
        }
    }

    @Test
    void everyTruncationOfTheObject() {
        int ok = 0;
        for (int len = 0; len <= object.length; len++) {
            if (useObject("x.o", ByteBuffer.wrap(object, 0, len))) {
                ok++;
            }
        }
        // only the whole file reads: the section header table is at the end
        assertThat(ok).isEqualTo(1);
    }

    @Test
    void everyTruncationOfTheArchive() {
        int ok = 0;
        for (int len = 0; len <= archive.length; len++) {
            if (useArchive(ByteBuffer.wrap(archive, 0, len))) {
                ok++;
            }
        }
        assertThat(ok).isPositive();
    }

    @Test
    void randomMutationsOfTheObject() {
        List<long[]> tables = tables(object);
        int[] outcome = new int[2];
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            Random rnd = new Random(0x0B5E_55EDL);
            byte[] b = new byte[object.length];
            for (int i = 0; i < MUTATIONS; i++) {
                System.arraycopy(object, 0, b, 0, b.length);
                mutate(b, rnd, tables);
                outcome[useObject("x.o", ByteBuffer.wrap(b)) ? 1 : 0]++;
            }
        });
        // both outcomes occur often: the mutations reach the checks, and the checks do not reject everything
        assertThat(outcome[0]).as("rejected").isGreaterThan(MUTATIONS / 10);
        assertThat(outcome[1]).as("read").isGreaterThan(MUTATIONS / 10);
    }

    @Test
    void randomMutationsOfTheArchive() {
        int[] outcome = new int[2];
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            Random rnd = new Random(0xA2C_5EEDL);
            byte[] b = new byte[archive.length];
            for (int i = 0; i < MUTATIONS; i++) {
                System.arraycopy(archive, 0, b, 0, b.length);
                mutate(b, rnd, null);
                outcome[useArchive(ByteBuffer.wrap(b)) ? 1 : 0]++;
            }
        });
        assertThat(outcome[0]).as("rejected").isPositive();
        assertThat(outcome[1]).as("read").isGreaterThan(MUTATIONS / 10);
    }
}
