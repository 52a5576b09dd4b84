package dev.race.codegen.elf;

import dev.race.format.elf.Elf;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded random layouts from {@link LayoutPlanner}, written and parsed back field by field: the loader's
 * invariants must hold for every one, and every section's bytes must sit at its sh_offset inside its segment.
 */
class ElfExecutableRandomTest {
    private static final long[] PAGES = {0x1000, 0x4000, 0x10000};

    @Test
    void randomPlannedImagesSatisfyTheLoaderInvariants() {
        Random random = new Random(0x5ace_1a7eL);
        for (int round = 0; round < 300; round++) {
            long page = PAGES[random.nextInt(PAGES.length)];
            List<OutputSection> input = new ArrayList<>();
            input.add(OutputSection.withBytes(".text", Elf.SHT_PROGBITS, Elf.SHF_ALLOC | Elf.SHF_EXECINSTR, 0, 16,
                    bytes(random, 1 + random.nextInt(3000))));
            int extra = random.nextInt(7);
            for (int i = 0; i < extra; i++) {
                input.add(randomSection(random, "s" + i));
            }
            List<OutputSection> planned = LayoutPlanner.plan(2 * page + random.nextInt(0x800000), page, input);
            long entry = planned.get(0).address() + random.nextInt((int) planned.get(0).size());
            ExecImage image = new ExecImage(random.nextBoolean() ? Elf.EM_X86_64 : Elf.EM_AARCH64, entry, page,
                    planned, List.of(new OutputSymbol("_start", entry, 0, ExecElf.STT_FUNC, ExecElf.STB_GLOBAL, 0)));
            byte[] file = ElfExecutableWriter.write(image);
            check(image, file);
            assertThat(ElfExecutableWriter.write(image)).isEqualTo(file);
            assertThat(viaPlan(image)).isEqualTo(file);
        }
    }

    /**
     * What the linker does: plan the file from reserved sections, write each section's contents at the offset the
     * plan gives, then have the plan write the rest. The bytes must be {@link ElfExecutableWriter#write}'s.
     */
    private static byte[] viaPlan(ExecImage image) {
        List<OutputSection> reserved = new ArrayList<>();
        for (OutputSection s : image.sections()) {
            reserved.add(s.isNobits() ? s : OutputSection.reserved(s.name(), s.type(), s.flags(), s.address(),
                    s.alignment(), s.size()));
        }
        ElfExecutableWriter.FilePlan plan = ElfExecutableWriter.plan(new ExecImage(image.machine(), image.entry(),
                image.pageSize(), reserved, image.symbols()));
        byte[] file = new byte[plan.size()];
        for (int i = 0; i < reserved.size(); i++) {
            assertThat(reserved.get(i).isNobits() || reserved.get(i).isReserved()).isTrue();
            if (!image.sections().get(i).isNobits()) {
                byte[] b = image.sections().get(i).bytes();
                System.arraycopy(b, 0, file, (int) plan.sectionOffset(i), b.length);
            }
        }
        plan.writeHeaders(file);
        return file;
    }

    private static OutputSection randomSection(Random random, String name) {
        long align = 1L << random.nextInt(7);
        return switch (random.nextInt(5)) {
            case 0 -> OutputSection.nobits(".bss." + name, Elf.SHF_ALLOC | Elf.SHF_WRITE, 0, align,
                    random.nextInt(100_000));
            case 1 -> OutputSection.withBytes(".data." + name, Elf.SHT_PROGBITS, Elf.SHF_ALLOC | Elf.SHF_WRITE, 0,
                    align, bytes(random, random.nextInt(5000)));
            case 2 -> OutputSection.withBytes(".init_array." + name, Elf.SHT_INIT_ARRAY,
                    Elf.SHF_ALLOC | Elf.SHF_WRITE, 0, 8, bytes(random, 8 * random.nextInt(4)));
            case 3 -> OutputSection.withBytes(".text." + name, Elf.SHT_PROGBITS, Elf.SHF_ALLOC | Elf.SHF_EXECINSTR,
                    0, align, bytes(random, random.nextInt(5000)));
            default -> OutputSection.withBytes(".rodata." + name, Elf.SHT_PROGBITS, Elf.SHF_ALLOC, 0, align,
                    bytes(random, random.nextInt(5000)));
        };
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static void check(ExecImage image, byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getShort(16)).isEqualTo((short) ExecElf.ET_EXEC);
        assertThat(b.getShort(18)).isEqualTo((short) image.machine());
        assertThat(b.getLong(24)).isEqualTo(image.entry());
        int phnum = b.getShort(56);
        long[][] loads = new long[phnum][];
        int nloads = 0;
        for (int i = 0; i < phnum; i++) {
            int p = 64 + 56 * i;
            if (b.getInt(p) != ExecElf.PT_LOAD) {
                continue;
            }
            long off = b.getLong(p + 8);
            long vaddr = b.getLong(p + 16);
            long filesz = b.getLong(p + 32);
            long memsz = b.getLong(p + 40);
            long align = b.getLong(p + 48);
            assertThat(align).isEqualTo(image.pageSize());
            assertThat(Math.floorMod(off, align)).isEqualTo(Math.floorMod(vaddr, align));
            assertThat(memsz).isGreaterThanOrEqualTo(filesz);
            assertThat(off + filesz).isLessThanOrEqualTo(file.length);
            loads[nloads++] = new long[] {off, vaddr, filesz, memsz};
        }
        // Segments ascend in address and in file, never share a page, and their file ranges are disjoint.
        for (int i = 1; i < nloads; i++) {
            long[] a = loads[i - 1];
            long[] c = loads[i];
            long page = image.pageSize();
            assertThat(Math.floorDiv(c[1], page)).isGreaterThan(Math.floorDiv(a[1] + a[3] - 1, page));
            assertThat(c[0]).isGreaterThanOrEqualTo(a[0] + a[2]);
        }
        // Every section: its bytes at sh_offset, and inside the segment that covers its address.
        long shoff = b.getLong(40);
        for (int i = 0; i < image.sections().size(); i++) {
            OutputSection s = image.sections().get(i);
            int h = (int) shoff + 64 * (i + 1);
            assertThat(b.getLong(h + 16)).isEqualTo(s.address());
            long off = b.getLong(h + 24);
            assertThat(b.getLong(h + 32)).isEqualTo(s.size());
            if (s.isNobits() || s.size() == 0) {
                continue;
            }
            assertThat(Arrays.copyOfRange(file, (int) off, (int) (off + s.size()))).isEqualTo(s.bytes());
            boolean covered = false;
            for (int k = 0; k < nloads; k++) {
                long[] l = loads[k];
                if (s.address() >= l[1] && s.end() <= l[1] + l[2]) {
                    assertThat(off - l[0]).isEqualTo(s.address() - l[1]);
                    covered = true;
                }
            }
            assertThat(covered).as("section %s is file-backed by a PT_LOAD", s.name()).isTrue();
        }
    }
}
