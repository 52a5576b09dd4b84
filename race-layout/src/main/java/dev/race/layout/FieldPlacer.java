package dev.race.layout;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Places the fields of one struct, tuple or enum variant the way rustc's {@code univariant} does
 * (rustc_abi, layout.rs), so that RACE's default layouts and enum niches agree with rustc's:
 * <ul>
 *   <li>Without reordering (repr(C), repr(int) enum variants) each field goes at the next multiple of its
 *       alignment, capped by {@code packed(N)}.</li>
 *   <li>With reordering, fields of an always-sized struct are stably sorted by descending "alignment group"
 *       (log2 of max(align, size), so [u8; 4] groups with u32), then by descending niche size, then by the
 *       niche's offset inside the field; this leaves no padding between fields and puts the largest niche
 *       near the start. If the niche still lands in the middle, the order biased to put it at the end is
 *       tried and kept when its niche is further from both ends.</li>
 *   <li>Fields of a prefixed struct (an enum variant behind its tag) are sorted by ascending alignment so
 *       that small fields fill the bytes right after the tag.</li>
 * </ul>
 * The placed struct's niche is the field niche with the most available values (first in memory order;
 * with the end bias, the last).
 */
final class FieldPlacer {
    private FieldPlacer() {
    }

    /** A field's own layout: size, alignment, niche (null when none). */
    record In(long size, long align, Niche niche) {
    }

    /** The result: offsets in declaration order, size, align and the struct's largest niche. */
    record Placed(long[] offsets, long size, long align, Niche niche) {
    }

    private enum Bias { START, END }

    /**
     * @param pack         packed(N) cap, 0 for none
     * @param reprAlign    align(N) floor, 0 for none
     * @param prefixSize   bytes before the first field (an enum tag), 0 for a plain struct
     * @param prefixAlign  alignment of what comes after the prefix (the tag's, or the union's for repr(C) enums)
     * @param prefixed     lay out as an enum variant behind a tag
     * @param reorder      the representation allows reordering fields
     */
    static Placed univariant(List<In> fields, int pack, int reprAlign, long prefixSize, long prefixAlign,
                             boolean prefixed, boolean reorder) {
        return univariant(fields, pack, reprAlign, prefixSize, prefixAlign, prefixed, reorder, false);
    }

    /**
     * A tuple: rustc lays tuples out as possibly-unsized structs (the last element may be unsized in generic
     * code), so the last element stays last and only the others are reordered; no end-biased retry.
     */
    static Placed tuple(List<In> fields) {
        return univariant(fields, 0, 0, 0, 1, false, true, true);
    }

    private static Placed univariant(List<In> fields, int pack, int reprAlign, long prefixSize, long prefixAlign,
                                     boolean prefixed, boolean reorder, boolean keepTail) {
        Placed p = biased(fields, pack, reprAlign, prefixSize, prefixAlign, prefixed, reorder, keepTail, Bias.START);
        if (!keepTail && p.niche() != null && fields.size() > 1) {
            long head = p.niche().offset();
            long tail = p.size() - head - p.niche().size();
            if (head != 0 && tail > 0) {
                Placed alt = biased(fields, pack, reprAlign, prefixSize, prefixAlign, prefixed, reorder, false,
                        Bias.END);
                long altHead = alt.niche().offset();
                if (altHead > head && altHead > tail) return alt;
            }
        }
        return p;
    }

    /**
     * The niche a struct offers for fields already placed (by any strategy): rustc's choice for a fixed order,
     * the first largest niche, or the last one when that one is further from both ends.
     */
    static Niche nicheOf(List<In> fields, long[] offsets, long size) {
        Integer[] byOffset = memoryOrder(offsets);
        Niche first = pick(fields, offsets, byOffset, Bias.START);
        if (first == null || fields.size() <= 1) return first;
        long head = first.offset();
        long tail = size - head - first.size();
        if (head != 0 && tail > 0) {
            Niche last = pick(fields, offsets, byOffset, Bias.END);
            if (last.offset() > head && last.offset() > tail) return last;
        }
        return first;
    }

    private static Integer[] memoryOrder(long[] offsets) {
        Integer[] idx = new Integer[offsets.length];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        java.util.Arrays.sort(idx, Comparator.comparingLong(i -> offsets[i]));
        return idx;
    }

    private static Niche pick(List<In> fields, long[] offsets, Integer[] order, Bias bias) {
        Niche best = null;
        BigInteger bestAvail = BigInteger.ZERO;
        for (int i : order) {
            Niche n = fields.get(i).niche();
            if (n == null) continue;
            BigInteger a = n.available();
            int c = a.compareTo(bestAvail);
            if (bias == Bias.START ? c > 0 : c >= 0 && a.signum() > 0) {
                bestAvail = a;
                best = n.shifted(offsets[i]);
            }
        }
        return best;
    }

    private static Placed biased(List<In> fields, int pack, int reprAlign, long prefixSize, long prefixAlign,
                                 boolean prefixed, boolean reorder, boolean keepTail, Bias bias) {
        int n = fields.size();
        int sorted = keepTail ? n - 1 : n;
        List<Integer> order = new ArrayList<>(n);
        for (int i = 0; i < n; i++) order.add(i);
        if (reorder && n > 1) sort(order.subList(0, sorted), fields.subList(0, sorted), pack, prefixed, bias);

        long offset = 0;
        long align = 1;
        if (prefixed) {
            long pa = pack > 0 ? Math.min(prefixAlign, pack) : prefixAlign;
            align = Math.max(align, pa);
            offset = roundUp(prefixSize, pa);
        }
        long[] offsets = new long[n];
        for (int i : order) {
            In f = fields.get(i);
            long fa = pack > 0 ? Math.min(f.align(), pack) : f.align();
            offset = roundUp(offset, fa);
            align = Math.max(align, fa);
            offsets[i] = offset;
            offset = Math.addExact(offset, f.size());
        }
        if (reprAlign > 0) align = Math.max(align, reprAlign);
        long size = roundUp(offset, align);
        Integer[] mem = order.toArray(new Integer[0]);
        return new Placed(offsets, size, align, pick(fields, offsets, mem, bias));
    }

    private static void sort(List<Integer> order, List<In> fields, int pack, boolean prefixed, Bias bias) {
        long maxFieldAlign = 1;
        BigInteger largestNiche = BigInteger.ZERO;
        for (In f : fields) {
            maxFieldAlign = Math.max(maxFieldAlign, f.align());
            if (f.niche() != null) largestNiche = largestNiche.max(f.niche().available());
        }
        final long mfa = maxFieldAlign;
        final BigInteger ln = largestNiche;
        Comparator<Integer> byGroup = Comparator.comparingLong(i -> group(fields.get(i), pack, mfa, ln, bias));
        Comparator<Integer> byNiche = Comparator.comparing(i -> avail(fields.get(i)));
        if (prefixed) {
            order.sort(byGroup.thenComparing(byNiche));
            return;
        }
        Comparator<Integer> c = byGroup.reversed();
        if (bias == Bias.START) {
            c = c.thenComparing(byNiche.reversed()).thenComparingLong(i -> {
                Niche nn = fields.get(i).niche();
                return nn == null ? 0 : nn.offset();
            });
        } else {
            // rustc keys on !(size - niche offset): niches closer to the field's end sort later
            c = c.thenComparing(byNiche).thenComparing((a, b) -> Long.compareUnsigned(endKey(fields.get(a)),
                    endKey(fields.get(b))));
        }
        order.sort(c);
    }

    private static long endKey(In f) {
        return f.niche() == null ? 0 : ~(f.size() - f.niche().offset());
    }

    private static BigInteger avail(In f) {
        return f.niche() == null ? BigInteger.ZERO : f.niche().available();
    }

    /** rustc's alignment group: the packed alignment, or log2 of the effective alignment. */
    private static long group(In f, int pack, long maxFieldAlign, BigInteger largestNiche, Bias bias) {
        if (pack > 0) return Math.min(f.align(), pack);
        long sizeAsAlign = Long.numberOfTrailingZeros(Math.max(f.align(), f.size()));
        if (largestNiche.signum() > 0) {
            if (bias == Bias.START) return Math.min(Long.numberOfTrailingZeros(maxFieldAlign), sizeAsAlign);
            if (avail(f).equals(largestNiche)) return Long.numberOfTrailingZeros(f.align());
        }
        return sizeAsAlign;
    }

    static long roundUp(long v, long align) {
        long r = v % align;
        return r == 0 ? v : Math.addExact(v, align - r);
    }
}
