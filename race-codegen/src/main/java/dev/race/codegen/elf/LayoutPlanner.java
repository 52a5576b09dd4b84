package dev.race.codegen.elf;

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

    /** Lays out {@code sections} from {@code base} (rounded up to a page); their given addresses are ignored. */
    public static List<OutputSection> plan(long base, long pageSize, List<OutputSection> sections) {
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
                    OutputSection s = sections.get(i);
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
        List<OutputSection> out = new ArrayList<>(sections.size());
        for (int i = 0; i < sections.size(); i++) {
            OutputSection s = sections.get(i);
            out.add(new OutputSection(s.name(), s.type(), s.flags(), address[i], s.alignment(), s.bytes(), s.size()));
        }
        return List.copyOf(out);
    }

    private static int rank(OutputSection s) {
        if (s.executable()) {
            return 0;
        }
        if (!s.writable()) {
            return 1;
        }
        return s.isNobits() ? 3 : 2;
    }

    private static long align(long v, long a) {
        return (v + a - 1) & -a;
    }
}
