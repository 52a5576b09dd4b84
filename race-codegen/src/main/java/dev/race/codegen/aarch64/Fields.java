package dev.race.codegen.aarch64;

import dev.race.codegen.PatchSite;
import dev.race.codegen.RangeCheck;

/**
 * The one encoder of each A64 instruction field a relocation or relaxation writes (AAELF64 §5.7 names the
 * field of each relocation; the bit positions are the Arm ARM's). Each reads the instruction word at the site,
 * replaces only its field and writes the word back; range and alignment are checked through {@link RangeCheck}
 * before anything is written.
 */
final class Fields {
    private static final int MOVZ_X = 0xd2800000;
    private static final int MOVN_X = 0x92800000;
    private static final int OPC_MOVZ_BIT = 1 << 30;

    private Fields() {
    }

    /** B/BL imm26, bits [25:0] = X[27:2]: -2^27 <= X < 2^27, X word aligned. */
    static void imm26(PatchSite site, String rel, long x, String remedy) {
        RangeCheck.signed(site, rel, x, 28, remedy);
        RangeCheck.aligned(site, rel, x, 4);
        put(site, rel, 0x03ffffff, (int) (x >> 2));
    }

    /** B.cond/CBZ/CBNZ/LDR (literal) imm19, bits [23:5] = X[20:2]: -2^20 <= X < 2^20, X word aligned. */
    static void imm19(PatchSite site, String rel, long x, String remedy) {
        RangeCheck.signed(site, rel, x, 21, remedy);
        RangeCheck.aligned(site, rel, x, 4);
        put(site, rel, 0x7ffff << 5, (int) (x >> 2) << 5);
    }

    /** TBZ/TBNZ imm14, bits [18:5] = X[15:2]: -2^15 <= X < 2^15, X word aligned. */
    static void imm14(PatchSite site, String rel, long x) {
        RangeCheck.signed(site, rel, x, 16);
        RangeCheck.aligned(site, rel, x, 4);
        put(site, rel, 0x3fff << 5, (int) (x >> 2) << 5);
    }

    /** ADR immhi:immlo, immlo bits [30:29] = X[1:0], immhi bits [23:5] = X[20:2]: -2^20 <= X < 2^20. */
    static void adrImm(PatchSite site, String rel, long x) {
        RangeCheck.signed(site, rel, x, 21);
        immHiLo(site, rel, x);
    }

    /**
     * ADRP immhi:immlo = X[32:12], the same field as ADR's holding the page delta {@code X}; -2^32 <= X < 2^32
     * when {@code checked} (ADR_PREL_PG_HI21, ADR_GOT_PAGE), unchecked for ADR_PREL_PG_HI21_NC.
     */
    static void adrpImm(PatchSite site, String rel, long x, boolean checked) {
        if (checked) {
            RangeCheck.signed(site, rel, x, 33);
        }
        immHiLo(site, rel, x >> 12);
    }

    private static void immHiLo(PatchSite site, String rel, long v) {
        int lo = (int) (v & 3);
        int hi = (int) ((v >> 2) & 0x7ffff);
        put(site, rel, (3 << 29) | (0x7ffff << 5), (lo << 29) | (hi << 5));
    }

    /** ADD (immediate) / LDR, STR (unsigned offset) imm12, bits [21:10]; the caller has checked {@code v}. */
    static void imm12(PatchSite site, String rel, long v) {
        put(site, rel, 0xfff << 10, (int) (v & 0xfff) << 10);
    }

    /** MOVZ/MOVN/MOVK imm16, bits [20:5]. */
    static void imm16(PatchSite site, String rel, int v) {
        put(site, rel, 0xffff << 5, (v & 0xffff) << 5);
    }

    /**
     * A signed MOVW group {@code g} (MOVW_SABS_Gn, MOVW_PREL_Gn): MOVZ with X[16g+15:16g] when X >= 0, else MOVN
     * with (~X)[16g+15:16g]: the opc bit 30 selects which, the rest of the instruction is kept.
     */
    static void signedMovWide(PatchSite site, String rel, long x, int g) {
        int w = site.i32(0, rel);
        site.put32(0, x >= 0 ? w | OPC_MOVZ_BIT : w & ~OPC_MOVZ_BIT, rel);
        imm16(site, rel, (int) ((x >= 0 ? x : ~x) >>> (16 * g)));
    }

    /**
     * Replaces the instruction at the site by {@code movz xD, #v} (0 <= v < 2^16), {@code movz xD, #(v >> 16), lsl #16}
     * (v a multiple of 2^16 below 2^32: the link's poison value for a guarded missing field is one) or
     * {@code movn xD, #~v} (-2^16 <= v < 0); anything wider is refused with {@code remedy}.
     */
    static void movWide(PatchSite site, String rel, long v, int d, String remedy) {
        if (isShifted16(v)) {
            site.put32(0, MOVZ_X | (1 << 21) | d, rel);
            imm16(site, rel, (int) (v >>> 16));
            return;
        }
        if (v < 0) {
            RangeCheck.signed(site, rel, v, 17, remedy);
        } else {
            RangeCheck.unsigned(site, rel, v, 16, remedy);
        }
        site.put32(0, (v >= 0 ? MOVZ_X : MOVN_X) | d, rel);
        imm16(site, rel, (int) (v >= 0 ? v : ~v));
    }

    /** Whether {@code v} is one 16-bit chunk shifted left by 16 ({@code movz xD, #k, lsl #16}), and not 0. */
    static boolean isShifted16(long v) {
        return v >= 0x10000 && v < 0x1_0000_0000L && (v & 0xffff) == 0;
    }

    private static void put(PatchSite site, String rel, int mask, int bits) {
        int w = site.i32(0, rel);
        site.put32(0, (w & ~mask) | (bits & mask), rel);
    }
}
