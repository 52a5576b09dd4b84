package dev.race.codegen.elf;

import dev.race.format.elf.Elf;
import dev.race.format.elf.ElfObject;
import dev.race.format.elf.ElfRelocations;
import dev.race.format.elf.ElfSection;
import dev.race.format.elf.ElfSymbols;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded random images written and read back by race-format's {@link ElfObject} (which checks every offset, index
 * and link it relies on) and, for every tenth, by readelf (no warning): each section, symbol and relocation of the image must
 * come back with the same fields, symbols in locals-first order, relocations naming the same symbols.
 */
class ElfRelocatableRandomTest {
    private static final long[][] KINDS = {
            {Elf.SHT_PROGBITS, Elf.SHF_ALLOC | Elf.SHF_EXECINSTR},
            {Elf.SHT_PROGBITS, Elf.SHF_ALLOC},
            {Elf.SHT_PROGBITS, Elf.SHF_ALLOC | Elf.SHF_WRITE},
            {Elf.SHT_PROGBITS, Elf.SHF_ALLOC | Elf.SHF_MERGE | Elf.SHF_STRINGS},
            {Elf.SHT_NOBITS, Elf.SHF_ALLOC | Elf.SHF_WRITE},
            {Elf.SHT_NOBITS, Elf.SHF_ALLOC | Elf.SHF_WRITE | Elf.SHF_TLS},
            {Elf.SHT_INIT_ARRAY, Elf.SHF_ALLOC | Elf.SHF_WRITE},
            {Elf.SHT_FINI_ARRAY, Elf.SHF_ALLOC | Elf.SHF_WRITE},
            {Elf.SHT_NOTE, Elf.SHF_ALLOC},
            {Elf.SHT_PROGBITS, 0},
    };

    @TempDir
    Path dir;

    @Test
    void randomImagesReadBackFieldByField() throws IOException {
        Random random = new Random(0x0b1ec7L);
        for (int round = 0; round < 300; round++) {
            RelImage image = randomImage(random);
            byte[] file = ElfRelocatableWriter.write(image);
            assertThat(ElfRelocatableWriter.write(image)).isEqualTo(file);
            check(image, ElfObject.read("random" + round + ".o", ByteBuffer.wrap(file)));
            if (round % 10 == 0) {
                Files.write(dir.resolve("r.o"), file);
                // Structure only: -a would also decode the random note contents and complain about them.
                String out = Tools.run(dir, "readelf", "-W", "-h", "-S", "-s", "-r", "r.o");
                assertThat(out).as("round %d", round).doesNotContain("Warning").doesNotContain("Error");
            }
        }
    }

    private static RelImage randomImage(Random random) {
        int n = 1 + random.nextInt(8);
        List<RelSection> shapes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long[] kind = KINDS[random.nextInt(KINDS.length)];
            long align = 1L << random.nextInt(7);
            int size = random.nextInt(400);
            String name = ".s" + i;
            shapes.add(kind[0] == Elf.SHT_NOBITS ? RelSection.nobits(name, kind[1], align, size)
                    : RelSection.withBytes(name, (int) kind[0], kind[1], align, random.nextInt(3) == 0 ? 8 : 0,
                    bytes(random, size), List.of()));
        }
        List<RelSymbol> symbols = new ArrayList<>();
        int count = random.nextInt(30);
        for (int i = 0; i < count; i++) {
            int section = random.nextInt(n + 3) - 3;
            boolean local = random.nextBoolean() && section != RelSymbol.UNDEF && section != RelSymbol.COMMON;
            int binding = local ? ExecElf.STB_LOCAL : random.nextBoolean() ? ExecElf.STB_GLOBAL : ExecElf.STB_WEAK;
            long value = section >= 0 ? random.nextInt((int) shapes.get(section).size() + 1)
                    : section == RelSymbol.COMMON ? 1L << random.nextInt(6) : section == RelSymbol.ABS
                    ? random.nextLong() : 0;
            int type = random.nextInt(3); // NOTYPE, OBJECT, FUNC
            if (local && section >= 0 && random.nextInt(4) == 0) {
                symbols.add(RelSymbol.ofSection(section));
            } else {
                symbols.add(new RelSymbol((local ? "l" : "g") + i, value, random.nextInt(64), type, binding,
                        random.nextInt(4), section));
            }
        }
        List<RelSection> sections = new ArrayList<>();
        for (RelSection s : shapes) {
            List<RelReloc> relocs = new ArrayList<>();
            if (!s.isNobits() && s.size() > 0) {
                int k = random.nextInt(12);
                for (int j = 0; j < k; j++) {
                    int sym = symbols.isEmpty() ? RelReloc.NO_SYMBOL : random.nextInt(symbols.size() + 1) - 1;
                    relocs.add(new RelReloc(random.nextInt((int) s.size()), random.nextInt(300), sym,
                            random.nextLong()));
                }
            }
            sections.add(new RelSection(s.name(), s.type(), s.flags(), s.alignment(), s.entsize(), s.bytes(),
                    s.size(), relocs));
        }
        return new RelImage(random.nextBoolean() ? Elf.EM_X86_64 : Elf.EM_AARCH64, sections, symbols);
    }

    private static void check(RelImage image, ElfObject o) {
        assertThat(o.machine()).isEqualTo(image.machine());
        List<RelSection> sections = image.sections();
        for (int i = 0; i < sections.size(); i++) {
            RelSection want = sections.get(i);
            ElfSection got = o.section(i + 1);
            assertThat(got.name()).isEqualTo(want.name());
            assertThat(got.type()).isEqualTo(want.type());
            assertThat(got.flags()).isEqualTo(want.flags());
            assertThat(got.addralign()).isEqualTo(want.alignment());
            assertThat(got.entsize()).isEqualTo(want.entsize());
            assertThat(got.size()).isEqualTo(want.size());
            assertThat(got.addr()).isZero();
            if (!want.isNobits()) {
                assertThat(got.offset() % want.alignment()).isZero();
                ByteBuffer c = got.contents();
                byte[] b = new byte[c.remaining()];
                c.get(b);
                assertThat(b).isEqualTo(want.bytes());
            }
        }
        assertThat(o.section(o.sections().size() - 1).name()).isEqualTo(".note.GNU-stack");

        // Written order: locals, then the others, each in image order; index 0 is the null symbol.
        List<RelSymbol> order = new ArrayList<>();
        image.symbols().stream().filter(RelSymbol::isLocal).forEach(order::add);
        image.symbols().stream().filter(s -> !s.isLocal()).forEach(order::add);
        ElfSymbols s = o.symbols();
        assertThat(s.count()).isEqualTo(order.size() + 1);
        assertThat(s.firstGlobal()).isEqualTo(1 + (int) image.symbols().stream().filter(RelSymbol::isLocal).count());
        for (int i = 0; i < order.size(); i++) {
            RelSymbol want = order.get(i);
            int k = i + 1;
            assertThat(s.name(k)).isEqualTo(want.name());
            assertThat(s.value(k)).isEqualTo(want.value());
            assertThat(s.size(k)).isEqualTo(want.size());
            assertThat(s.type(k).ordinal()).isEqualTo(want.type());
            assertThat(s.binding(k).ordinal()).isEqualTo(want.binding());
            assertThat(s.visibility(k).ordinal()).isEqualTo(want.visibility());
            int shndx = want.section() == RelSymbol.UNDEF ? Elf.SHN_UNDEF : want.section() == RelSymbol.ABS
                    ? Elf.SHN_ABS : want.section() == RelSymbol.COMMON ? Elf.SHN_COMMON : want.section() + 1;
            assertThat(s.shndx(k)).isEqualTo(shndx);
        }

        List<ElfRelocations> relas = o.relocations();
        int next = 0;
        for (int i = 0; i < sections.size(); i++) {
            List<RelReloc> want = sections.get(i).relocs();
            if (want.isEmpty()) {
                continue;
            }
            ElfRelocations got = relas.get(next++);
            assertThat(got.name()).isEqualTo(".rela" + sections.get(i).name());
            assertThat(got.target()).isEqualTo(i + 1);
            assertThat(got.count()).isEqualTo(want.size());
            for (int j = 0; j < want.size(); j++) {
                RelReloc r = want.get(j);
                assertThat(got.offset(j)).isEqualTo(r.offset());
                assertThat(got.type(j)).isEqualTo(r.type());
                assertThat(got.addend(j)).isEqualTo(r.addend());
                if (r.symbol() == RelReloc.NO_SYMBOL) {
                    assertThat(got.symbol(j)).isZero();
                } else {
                    // Same symbol, found through the renumbering: compare the whole entry, not just the name.
                    RelSymbol target = image.symbols().get(r.symbol());
                    int k = got.symbol(j);
                    assertThat(order.get(k - 1)).isSameAs(target);
                }
            }
        }
        assertThat(next).isEqualTo(relas.size());
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
