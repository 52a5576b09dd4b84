package dev.race.codegen.elf;

import dev.race.format.elf.Elf;

import java.util.List;

/**
 * Everything {@link ElfExecutableWriter} needs: a fully laid-out static executable. The section list order is the
 * section header order (index {@code i} here is section header {@code i + 1}; header 0 is the null section).
 *
 * @param machine  EM_X86_64 or EM_AARCH64
 * @param entry    address of the first instruction; must lie in an executable section
 * @param pageSize segment alignment: 0x1000 on x86-64, 0x10000 on AArch64 so 4, 16 and 64 KiB kernels all work
 * @param sections output sections with their final addresses
 * @param symbols  symbols in any order; the writer puts locals first as the gABI requires
 */
public record ExecImage(int machine, long entry, long pageSize, List<OutputSection> sections,
                        List<OutputSymbol> symbols) {
    public ExecImage {
        sections = List.copyOf(sections);
        symbols = List.copyOf(symbols);
        if (machine != Elf.EM_X86_64 && machine != Elf.EM_AARCH64) {
            throw new ElfOutputException("cannot write an executable for " + Elf.machineName(machine));
        }
        if (pageSize < 0x1000 || Long.bitCount(pageSize) != 1) {
            throw new ElfOutputException("page size 0x" + Long.toHexString(pageSize)
                    + " is not a power of two of at least 0x1000");
        }
    }

    /** The usual maximum page size of the machine: what ld uses as its default -z max-page-size. */
    public static long defaultPageSize(int machine) {
        return machine == Elf.EM_AARCH64 ? 0x10000 : 0x1000;
    }
}
