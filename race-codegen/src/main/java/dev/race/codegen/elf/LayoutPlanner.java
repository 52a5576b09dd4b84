package dev.race.codegen.elf;

import dev.race.format.elf.Elf;

import java.util.ArrayList;
import java.util.List;

/**
 * Assigns addresses to output sections the way a simple static link does: code (RX) first, then read-only data
 * (R), then writable data (RW) with its NOBITS sections last; each group starts on a fresh page so it becomes its
 * own {@code PT_LOAD} with its own permissions, and each section is aligned to its {@code alignment} within the
 * group. The caller's relative order is kept inside each group.
 *
 * <p>The result is in the caller's list order (so section indices held by symbols stay valid), with only the
 * addresses changed; {@link ElfExecutableWriter} sorts by address itself.
 */
public final class LayoutPlanner {
    private LayoutPlanner() {
    }

    /** What the planner needs of a section: its flags (SHF_WRITE, SHF_EXECINSTR), zero-fill or not, alignment, size. */
    public record Shape(String name, long flags, boolean nobits, long alignment, long size) {
        static Shape of(OutputSection s) {
            return new Shape(s.name(), s.flags(), s.isNobits(), s.alignment(), s.size());
        }
    }

    /** Lays out {@code sections} from {@code base} (rounded up to a page); their given addresses are ignored. */
    public static List<OutputSection> plan(long base, long pageSize, List<OutputSection> sections) {
        long[] address = addresses(base, pageSize, sections.stream().map(Shape::of).toList());
        List<OutputSection> out = new ArrayList<>(sections.size());
        for (int i = 0; i < sections.size(); i++) {
            OutputSection s = sections.get(i);
            out.add(new OutputSection(s.name(), s.type(), s.flags(), address[i], s.alignment(), s.bytes(), s.size()));
        }
        return List.copyOf(out);
    }

    /**
     * The address of each section (in the caller's order) under the rules above, for callers that decide addresses
     * before they have the bytes (a linker patches code only once every address is known).
     */
    public static long[] addresses(long base, long pageSize, List<Shape> sections) {
        if (pageSize < 0x1000 || Long.bitCount(pageSize) != 1) {
            throw new ElfOutputException("page size 0x" + Long.toHexString(pageSize)
                    + " is not a power of two of at least 0x1000");
        }
        long[] address = new long[sections.size()];
        long cursor = base;
        // Rank 0 RX, 1 R, 2 RW with contents, 3 RW zero-fill: groups 2 and 3 share one page-aligned segment.
        for (int group = 0; group < 3; group++) {
            boolean started = false;
            for (int rank = group; rank <= (group == 2 ? 3 : group); rank++) {
                for (int i = 0; i < sections.size(); i++) {
                    Shape s = sections.get(i);
                    if (rank(s) != rank) {
                        continue;
                    }
                    if (s.alignment() < 1 || Long.bitCount(s.alignment()) != 1) {
                        throw new ElfOutputException("section " + s.name() + ": alignment " + s.alignment()
                                + " is not a power of two");
                    }
                    if (!started) {
                        cursor = align(cursor, pageSize);
                        started = true;
                    }
                    cursor = align(cursor, s.alignment());
                    address[i] = cursor;
                    cursor += s.size();
                }
            }
        }
        return address;
    }

    private static int rank(Shape s) {
        if ((s.flags() & Elf.SHF_EXECINSTR) != 0) {
            return 0;
        }
        if ((s.flags() & Elf.SHF_WRITE) == 0) {
            return 1;
        }
        return s.nobits() ? 3 : 2;
    }

    private static long align(long v, long a) {
        return (v + a - 1) & -a;
    }
}
