package dev.race.codegen.aarch64;

import dev.race.codegen.SectionReloc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.race.format.elf.RelocationTypes.*;

/**
 * What {@link AArch64Target#planSection} proves about one input section before it is patched: which {@code adrp}
 * carrying a layout constant is completed by which {@code add}/{@code ldr}, and how wide each constant loaded by
 * a {@code MOVW_UABS} sequence is. Immutable.
 *
 * <p>An {@code adrp} (ADR_PREL_PG_HI21(_NC) or ADR_GOT_PAGE) and a consumer (ADD_ABS_LO12_NC, LDSTn_ABS_LO12_NC
 * or LD64_GOT_LO12_NC) form a pair when both relocations are present, refer to the same symbol with the same
 * addend, the consumer's base register is the adrp's destination, and, scanning the section by offset, that adrp
 * is the last relocated adrp writing the register before the consumer.
 */
final class Plan {
    static final Plan EMPTY = new Plan(Map.of(), Map.of(), Map.of());

    /** One side of a proven pair; {@code soleSameRegister}: one consumer, writing the adrp's own register. */
    record Pair(boolean head, long[] partners, boolean soleSameRegister) {
    }

    private final Map<Long, Pair> pairs;
    private final Map<Long, String> problems;
    private final Map<Long, Integer> widest;

    private Plan(Map<Long, Pair> pairs, Map<Long, String> problems, Map<Long, Integer> widest) {
        this.pairs = pairs;
        this.problems = problems;
        this.widest = widest;
    }

    Pair pairAt(long offset) {
        return pairs.get(offset);
    }

    /** Why the constant relocation at {@code offset} cannot be applied, or null. */
    String problemAt(long offset) {
        return problems.get(offset);
    }

    /** The widest MOVW_UABS group the constant of the relocation at {@code offset} is loaded with. */
    int widestGroup(long offset, int own) {
        return Math.max(own, widest.getOrDefault(offset, own));
    }

    static Plan of(ByteBuffer code, List<SectionReloc> relocs) {
        ByteBuffer c = code.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int base = c.position();
        List<SectionReloc> sorted = new ArrayList<>(relocs);
        sorted.sort(Comparator.comparingLong(SectionReloc::offset));
        SectionReloc[] lastAdrp = new SectionReloc[32];
        Map<SectionReloc, List<SectionReloc>> consumers = new HashMap<>();
        Map<SectionReloc, SectionReloc> headOf = new HashMap<>();
        Map<Long, String> problems = new HashMap<>();
        Map<String, Integer> groups = new HashMap<>();
        for (SectionReloc r : sorted) {
            int t = r.elfType();
            boolean head = t == R_AARCH64_ADR_PREL_PG_HI21 || t == R_AARCH64_ADR_PREL_PG_HI21_NC
                    || t == R_AARCH64_ADR_GOT_PAGE;
            boolean consumer = t == R_AARCH64_ADD_ABS_LO12_NC || t == R_AARCH64_LD64_GOT_LO12_NC
                    || AArch64Target.ldstShift(t) >= 0;
            if (r.constant() && AArch64Target.uabsGroup(t) >= 0) {
                groups.merge(r.symbol() + "+" + r.addend(), AArch64Target.uabsGroup(t), Math::max);
            }
            if (!head && !consumer) {
                continue;
            }
            Integer w = word(c, base, r.offset());
            if (w == null) {
                continue; // the patch call reports the field outside the section
            }
            if (head) {
                if ((w & 0x9f000000) != 0x90000000) {
                    if (r.constant()) {
                        problems.put(r.offset(), "expected adrp, found " + String.format("%08x", w));
                    }
                    continue;
                }
                lastAdrp[w & 0x1f] = r;
                if (r.constant()) {
                    consumers.put(r, new ArrayList<>());
                }
                continue;
            }
            if (!r.constant()) {
                continue;
            }
            SectionReloc h = lastAdrp[(w >>> 5) & 0x1f];
            boolean got = t == R_AARCH64_LD64_GOT_LO12_NC;
            if (h == null || !h.constant() || h.symbol() != r.symbol()
                    || (h.elfType() == R_AARCH64_ADR_GOT_PAGE) != got) {
                continue; // not fed by an adrp of this constant: an immediate form (or refused, for the GOT load)
            }
            if (AArch64Target.ldstShift(t) >= 0) {
                problems.put(r.offset(), "loads or stores through the adrp at +0x" + Long.toHexString(h.offset())
                        + " as if the layout constant were an address; only add or ldr :got_lo12: can complete it");
                continue;
            }
            int form = got ? 0xf9400000 : 0x91000000;
            if ((w & 0xffc00000) != form) {
                problems.put(r.offset(), "expected " + (got ? "ldr xT, [xN, #:got_lo12:sym]" : "add xD, xN, "
                        + "#:lo12:sym") + " completing the adrp at +0x" + Long.toHexString(h.offset()) + ", found "
                        + String.format("%08x", w));
                continue;
            }
            if (h.addend() != r.addend()) {
                problems.put(r.offset(), "completes the adrp at +0x" + Long.toHexString(h.offset())
                        + " with addend " + r.addend() + " but the adrp has addend " + h.addend());
                continue;
            }
            consumers.get(h).add(r);
            headOf.put(r, h);
        }
        Map<Long, Pair> pairs = new HashMap<>();
        for (Map.Entry<SectionReloc, List<SectionReloc>> e : consumers.entrySet()) {
            SectionReloc h = e.getKey();
            List<SectionReloc> cs = e.getValue();
            if (cs.isEmpty()) {
                if (!problems.containsKey(h.offset())) {
                    problems.put(h.offset(), "no add or ldr :got_lo12: of the same symbol and addend reads its "
                            + "register after it");
                }
                continue;
            }
            int headReg = word(c, base, h.offset()) & 0x1f;
            boolean sole = cs.size() == 1 && (word(c, base, cs.get(0).offset()) & 0x1f) == headReg;
            pairs.put(h.offset(), new Pair(true, cs.stream().mapToLong(SectionReloc::offset).toArray(), sole));
            for (SectionReloc r : cs) {
                pairs.put(r.offset(), new Pair(false, new long[] {h.offset()}, sole));
            }
        }
        Map<Long, Integer> widest = new HashMap<>();
        for (SectionReloc r : sorted) {
            if (r.constant() && AArch64Target.uabsGroup(r.elfType()) >= 0) {
                widest.put(r.offset(), groups.get(r.symbol() + "+" + r.addend()));
            }
        }
        return new Plan(Map.copyOf(pairs), Map.copyOf(problems), Map.copyOf(widest));
    }

    private static Integer word(ByteBuffer c, int base, long offset) {
        if (offset < 0 || base + offset + 4 > c.limit()) {
            return null;
        }
        return c.getInt(base + (int) offset);
    }
}
