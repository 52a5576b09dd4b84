package dev.race.codegen.aarch64;

import dev.race.codegen.ArgShape;
import dev.race.codegen.DefaultMethodArgs;
import dev.race.codegen.PatchException;
import dev.race.codegen.PatchSite;
import dev.race.codegen.RangeCheck;
import dev.race.codegen.RelocKind;
import dev.race.codegen.SectionReloc;
import dev.race.codegen.Stub;
import dev.race.codegen.Target;
import dev.race.codegen.TrampolineMoves;
import dev.race.format.elf.Elf;
import dev.race.format.elf.RelocationTypes;

import java.nio.ByteBuffer;
import java.util.List;

import static dev.race.format.elf.RelocationTypes.*;

/**
 * AArch64 (LP64), per "ELF for the Arm 64-bit Architecture" (AAELF64) §5.7 "Relocation": its tables of static
 * data relocations, of group relocations (MOVW), of PC-relative address relocations (19-, 21- and 33-bit), of
 * load/store and ADD relocations, of control-flow relocations and of GOT relocations, which give each type's
 * formula, overflow check and instruction field; the
 * instruction encodings are those of the Arm ARM (A64 "ADR", "ADRP", "ADD (immediate)", "LDR (immediate)",
 * "LDR (literal)", "MOVZ", "MOVN", "MOVK", "ORR (shifted register)", "B", "BL", "B.cond", "TBZ", "NOP").
 *
 * <p>Quirks that shape this file:
 * <ul>
 *   <li>Objects use RELA and every relocated field is a bit field inside a 32-bit little-endian instruction word
 *       (or a whole data word). Each field has exactly one encoder here ({@link Fields}), used by every
 *       relocation, relaxation and stub that writes that field.</li>
 *   <li>RACE builds no GOT and no PLT. A {@code CALL26}/{@code JUMP26} beyond ±128 MiB goes through a
 *       range-extension veneer ({@link #rangeExtensionThunk}) the linker places after the calling section. GOT references are relaxed as in a non-PIE static link: {@code adrp x,
 *       :got:sym} + {@code ldr x, [x, :got_lo12:sym]} becomes {@code adrp x, sym} + {@code add x, x,
 *       :lo12:sym}, and the tiny model's {@code ldr x, :got:sym} (GOT_LD_PREL19) becomes {@code adr x, sym}.</li>
 *   <li>Layout markers are constants. An immediate form ({@code ADD_ABS_LO12_NC} or {@code LDSTn_ABS_LO12_NC}
 *       that no {@code adrp} feeds, {@code MOVW_UABS_Gn}) gets the constant written and checked, the {@code _NC}
 *       forms included: a layout constant is never truncated. The address forms are rewritten: the {@code adrp}
 *       becomes {@code movz} (or {@code movn}) of the constant's low 16 bits and the {@code add}/{@code ldr} that
 *       completes it becomes {@code nop} (same register), {@code mov} (another register) or {@code movk} of bits
 *       16..31. That the two belong together is proven by {@link #planSection} from the section's relocations and
 *       the unpatched instructions (same symbol and addend, the consumer's base register is the {@code adrp}'s
 *       destination, and it is the last {@code adrp} writing that register before the consumer).</li>
 * </ul>
 */
public final class AArch64Target implements Target {
    static final int NOP = 0xd503201f;
    private static final int ADRP = 0x90000000;
    private static final int ADR = 0x10000000;
    private static final int ADR_MASK = 0x9f000000;
    private static final int ADD_X_IMM = 0x91000000;        // ADD Xd, Xn, #imm12 (sf=1, sh=0)
    private static final int LDR_X_UIMM = 0xf9400000;       // LDR Xt, [Xn, #imm12*8]
    private static final int IMM12_FORM_MASK = 0xffc00000;
    private static final int LDR_X_LITERAL = 0x58000000;    // LDR Xt, label
    private static final int LDR_LITERAL_MASK = 0xff000000;
    private static final int MOVZ_X = 0xd2800000;
    private static final int MOVK_X = 0xf2800000;
    private static final int MOV_X_REG = 0xaa0003e0;         // ORR Xd, XZR, Xm
    private static final int B = 0x14000000;
    private static final int BR_X16 = 0xd61f0200;           // BR X16 (unconditional branch to register)
    private static final int STR_X_UIMM = 0xf9000000;       // STR Xt, [Xn, #imm12*8]
    private static final int SUB_SP_IMM = 0xd10003ff;       // SUB SP, SP, #imm12
    private static final int ADD_SP_IMM = 0x910003ff;       // ADD SP, SP, #imm12
    private static final int BL = 0x94000000;
    private static final int RET = 0xd65f03c0;              // RET (X30)
    private static final int SCRATCH = 9;                   // x9: a temporary (AAPCS64 §6.1.1), never an argument

    private static final String REMEDY_MODEL = "a layout constant must fit the instruction: recompile without -O "
            + "or with -mcmodel=large so it is loaded whole";
    private static final String REMEDY_BRANCH = "a branch reaches +-128 MiB; in an executable race routes a farther "
            + "one through a veneer, so this is a veneer's own destination out of its +-4 GiB reach";

    @Override
    public String name() {
        return "aarch64";
    }

    @Override
    public int elfMachine() {
        return Elf.EM_AARCH64;
    }

    @Override
    public int absolutePointerType() {
        return R_AARCH64_ABS64;
    }

    @Override
    public RelocKind kind(int elfType) {
        return switch (elfType) {
            case R_AARCH64_NONE -> RelocKind.NONE;
            case R_AARCH64_ABS64, R_AARCH64_ABS32, R_AARCH64_ABS16, R_AARCH64_ADD_ABS_LO12_NC,
                    R_AARCH64_LDST8_ABS_LO12_NC, R_AARCH64_LDST16_ABS_LO12_NC, R_AARCH64_LDST32_ABS_LO12_NC,
                    R_AARCH64_LDST64_ABS_LO12_NC, R_AARCH64_LDST128_ABS_LO12_NC, R_AARCH64_MOVW_UABS_G0,
                    R_AARCH64_MOVW_UABS_G0_NC, R_AARCH64_MOVW_UABS_G1, R_AARCH64_MOVW_UABS_G1_NC,
                    R_AARCH64_MOVW_UABS_G2, R_AARCH64_MOVW_UABS_G2_NC, R_AARCH64_MOVW_UABS_G3,
                    R_AARCH64_MOVW_SABS_G0, R_AARCH64_MOVW_SABS_G1, R_AARCH64_MOVW_SABS_G2 -> RelocKind.ABS;
            case R_AARCH64_PREL64, R_AARCH64_PREL32, R_AARCH64_PREL16, R_AARCH64_LD_PREL_LO19,
                    R_AARCH64_ADR_PREL_LO21, R_AARCH64_ADR_PREL_PG_HI21, R_AARCH64_ADR_PREL_PG_HI21_NC,
                    R_AARCH64_TSTBR14, R_AARCH64_CONDBR19, R_AARCH64_MOVW_PREL_G0, R_AARCH64_MOVW_PREL_G0_NC,
                    R_AARCH64_MOVW_PREL_G1, R_AARCH64_MOVW_PREL_G1_NC, R_AARCH64_MOVW_PREL_G2,
                    R_AARCH64_MOVW_PREL_G2_NC, R_AARCH64_MOVW_PREL_G3 -> RelocKind.PC;
            case R_AARCH64_CALL26, R_AARCH64_JUMP26 -> RelocKind.PLT_PC;
            case R_AARCH64_ADR_GOT_PAGE, R_AARCH64_LD64_GOT_LO12_NC, R_AARCH64_GOT_LD_PREL19 ->
                    RelocKind.GOT_PC_RELAX;
            default -> RelocKind.UNSUPPORTED;
        };
    }

    // ---------------------------------------------------------------- ordinary relocations

    @Override
    public void relocate(PatchSite site, int elfType, long S, long A, long P) {
        String rel = relName(elfType);
        long x;
        switch (elfType) {
            case R_AARCH64_NONE -> {
            }
            // AAELF64 §5.7, static data: ABS64 S + A (no check); ABS32/ABS16 S + A, -2^31 <= X < 2^32 / -2^15 <= X <
            // 2^16.
            case R_AARCH64_ABS64 -> site.put64(0, S + A, rel);
            case R_AARCH64_ABS32 -> {
                RangeCheck.signedOrUnsigned(site, rel, S + A, 32);
                site.put32(0, (int) (S + A), rel);
            }
            case R_AARCH64_ABS16 -> {
                RangeCheck.signedOrUnsigned(site, rel, S + A, 16);
                site.put16(0, (int) (S + A), rel);
            }
            // AAELF64 §5.7, static data: PREL64 S + A - P (no check); PREL32/PREL16 S + A - P with the ABS32/ABS16
            // checks.
            case R_AARCH64_PREL64 -> site.put64(0, S + A - P, rel);
            case R_AARCH64_PREL32 -> {
                RangeCheck.signedOrUnsigned(site, rel, S + A - P, 32);
                site.put32(0, (int) (S + A - P), rel);
            }
            case R_AARCH64_PREL16 -> {
                RangeCheck.signedOrUnsigned(site, rel, S + A - P, 16);
                site.put16(0, (int) (S + A - P), rel);
            }
            // AAELF64 §5.7, group MOVW, unsigned: X = S + A; MOVZ/MOVK imm16 = X >> 16n, checked X < 2^(16(n+1))
            // unless _NC.
            case R_AARCH64_MOVW_UABS_G0, R_AARCH64_MOVW_UABS_G0_NC, R_AARCH64_MOVW_UABS_G1,
                    R_AARCH64_MOVW_UABS_G1_NC, R_AARCH64_MOVW_UABS_G2, R_AARCH64_MOVW_UABS_G2_NC,
                    R_AARCH64_MOVW_UABS_G3 -> {
                int g = uabsGroup(elfType);
                x = S + A;
                if (g < 3 && !isNc(elfType)) {
                    RangeCheck.unsigned(site, rel, x, 16 * (g + 1));
                }
                Fields.imm16(site, rel, (int) (x >>> (16 * g)));
            }
            // AAELF64 §5.7, group MOVW, signed: X = S + A, -2^(16(n+1)) <= X < 2^(16(n+1)); MOVN of ~X when X < 0,
            // else MOVZ.
            case R_AARCH64_MOVW_SABS_G0, R_AARCH64_MOVW_SABS_G1, R_AARCH64_MOVW_SABS_G2 -> {
                int g = elfType - R_AARCH64_MOVW_SABS_G0;
                x = S + A;
                RangeCheck.signed(site, rel, x, 16 * (g + 1) + 1);
                Fields.signedMovWide(site, rel, x, g);
            }
            // AAELF64 §5.7, group MOVW, PC-relative: X = S + A - P; the non-_NC forms are checked and pick MOVN/MOVZ,
            // the
            // _NC forms (on MOVK) write X >> 16n unchecked; G3 is never checked.
            case R_AARCH64_MOVW_PREL_G0, R_AARCH64_MOVW_PREL_G1, R_AARCH64_MOVW_PREL_G2, R_AARCH64_MOVW_PREL_G3 -> {
                int g = (elfType - R_AARCH64_MOVW_PREL_G0) / 2;
                x = S + A - P;
                if (g < 3) {
                    RangeCheck.signed(site, rel, x, 16 * (g + 1) + 1);
                }
                Fields.signedMovWide(site, rel, x, g);
            }
            case R_AARCH64_MOVW_PREL_G0_NC, R_AARCH64_MOVW_PREL_G1_NC, R_AARCH64_MOVW_PREL_G2_NC -> {
                int g = (elfType - R_AARCH64_MOVW_PREL_G0_NC) / 2;
                Fields.imm16(site, rel, (int) ((S + A - P) >> (16 * g)));
            }
            // AAELF64 §5.7, PC-relative addresses: LD_PREL_LO19 (LDR literal) X = S + A - P, -2^20 <= X < 2^20, word
            // aligned.
            case R_AARCH64_LD_PREL_LO19 -> Fields.imm19(site, rel, S + A - P, null);
            // ADR_PREL_LO21: ADR, X = S + A - P, -2^20 <= X < 2^20.
            case R_AARCH64_ADR_PREL_LO21 -> Fields.adrImm(site, rel, S + A - P);
            // ADR_PREL_PG_HI21(_NC), ADR_GOT_PAGE (relaxed: the GOT entry is replaced by the symbol itself):
            // ADRP, X = Page(S + A) - Page(P), -2^32 <= X < 2^32 unless _NC.
            case R_AARCH64_ADR_PREL_PG_HI21, R_AARCH64_ADR_GOT_PAGE ->
                    Fields.adrpImm(site, rel, page(S + A) - page(P), true);
            case R_AARCH64_ADR_PREL_PG_HI21_NC -> Fields.adrpImm(site, rel, page(S + A) - page(P), false);
            // AAELF64 §5.7, ADD/load/store: ADD_ABS_LO12_NC imm12 = X[11:0]; LDSTn imm12 = X[11:log2(n)] (no check in
            // AAELF64 beyond the _NC; an unaligned low part could not be encoded, so it is refused).
            case R_AARCH64_ADD_ABS_LO12_NC -> Fields.imm12(site, rel, (S + A) & 0xfff);
            case R_AARCH64_LDST8_ABS_LO12_NC, R_AARCH64_LDST16_ABS_LO12_NC, R_AARCH64_LDST32_ABS_LO12_NC,
                    R_AARCH64_LDST64_ABS_LO12_NC, R_AARCH64_LDST128_ABS_LO12_NC -> {
                int shift = ldstShift(elfType);
                long lo = (S + A) & 0xfff;
                RangeCheck.aligned(site, rel, lo, 1 << shift);
                Fields.imm12(site, rel, lo >> shift);
            }
            // AAELF64 §5.7, control flow: TSTBR14 -2^15 <= X < 2^15, CONDBR19 -2^20 <= X < 2^20, JUMP26/CALL26
            // -2^27 <= X < 2^27, X = S + A - P, word aligned. With no PLT, CALL26 goes straight to S.
            case R_AARCH64_TSTBR14 -> Fields.imm14(site, rel, S + A - P);
            case R_AARCH64_CONDBR19 -> Fields.imm19(site, rel, S + A - P, null);
            case R_AARCH64_JUMP26, R_AARCH64_CALL26 -> Fields.imm26(site, rel, S + A - P, REMEDY_BRANCH);
            // AAELF64 §5.7, GOT: LD64_GOT_LO12_NC on LDR Xt, [Xn, #:got_lo12:] -> ADD Xt, Xn, #:lo12: (the adrp now
            // points at
            // the symbol's page, see ADR_GOT_PAGE).
            case R_AARCH64_LD64_GOT_LO12_NC -> {
                int w = expect(site, rel, LDR_X_UIMM, IMM12_FORM_MASK, "ldr xT, [xN, #:got_lo12:sym]");
                site.put32(0, ADD_X_IMM | (w & 0x3ff), rel);
                Fields.imm12(site, rel, (S + A) & 0xfff);
            }
            // AAELF64 §5.7, GOT: GOT_LD_PREL19 on LDR Xt, :got:sym (-mcmodel=tiny -fpie) -> ADR Xt, sym.
            case R_AARCH64_GOT_LD_PREL19 -> {
                int w = expect(site, rel, LDR_X_LITERAL, LDR_LITERAL_MASK, "ldr xT, :got:sym (literal)");
                long disp = S + A - P;
                RangeCheck.signed(site, rel, disp, 21);
                site.put32(0, ADR | (w & 0x1f), rel);
                Fields.adrImm(site, rel, disp);
            }
            default -> throw new PatchException(site.location(), rel, "is not supported by the aarch64 target");
        }
    }

    // ---------------------------------------------------------------- layout constants

    @Override
    public boolean plansSections() {
        return true;
    }

    @Override
    public Object planSection(ByteBuffer code, List<SectionReloc> relocs) {
        return Plan.of(code, relocs);
    }

    @Override
    public void patchConstant(PatchSite site, int elfType, long value, long A) {
        patchConstant(site, elfType, value, A, null);
    }

    @Override
    public void patchConstant(PatchSite site, int elfType, long value, long A, Object planObject) {
        String rel = relName(elfType);
        Plan plan = planObject instanceof Plan p ? p : Plan.EMPTY;
        Plan.Pair pair = plan.pairAt(site.offset());
        long v = value + A;
        switch (elfType) {
            case R_AARCH64_ABS64, R_AARCH64_ABS32, R_AARCH64_ABS16, R_AARCH64_MOVW_SABS_G0, R_AARCH64_MOVW_SABS_G1,
                    R_AARCH64_MOVW_SABS_G2, R_AARCH64_MOVW_UABS_G0, R_AARCH64_MOVW_UABS_G1,
                    R_AARCH64_MOVW_UABS_G2, R_AARCH64_MOVW_UABS_G3 -> relocate(site, elfType, value, A, 0);
            // The _NC forms are checked against the widest group the section loads the same constant with.
            case R_AARCH64_MOVW_UABS_G0_NC, R_AARCH64_MOVW_UABS_G1_NC, R_AARCH64_MOVW_UABS_G2_NC -> {
                int g = plan.widestGroup(site.offset(), uabsGroup(elfType));
                if (g < 3) {
                    RangeCheck.unsigned(site, rel, v, 16 * (g + 1), REMEDY_MODEL);
                }
                Fields.imm16(site, rel, (int) (v >>> (16 * uabsGroup(elfType))));
            }
            case R_AARCH64_ADR_PREL_PG_HI21, R_AARCH64_ADR_PREL_PG_HI21_NC, R_AARCH64_ADR_GOT_PAGE -> {
                if (pair == null) {
                    throw new PatchException(site.location(), rel, "carries a layout constant but RACE could not "
                            + "prove which instruction completes this adrp: " + plan.problemAt(site.offset()));
                }
                if (!pair.head()) {
                    throw new PatchException(site.location(), rel, "is not on an adrp");
                }
                relaxHead(site, rel, v, pair);
            }
            case R_AARCH64_ADD_ABS_LO12_NC, R_AARCH64_LD64_GOT_LO12_NC, R_AARCH64_LDST8_ABS_LO12_NC,
                    R_AARCH64_LDST16_ABS_LO12_NC, R_AARCH64_LDST32_ABS_LO12_NC, R_AARCH64_LDST64_ABS_LO12_NC,
                    R_AARCH64_LDST128_ABS_LO12_NC -> {
                String problem = plan.problemAt(site.offset());
                if (problem != null) {
                    throw new PatchException(site.location(), rel, problem);
                }
                if (pair != null) {
                    relaxConsumer(site, rel, v, pair);
                } else if (elfType == R_AARCH64_LD64_GOT_LO12_NC) {
                    throw new PatchException(site.location(), rel, "carries a layout constant but no adrp :got: of "
                            + "the same symbol into its base register precedes it");
                } else if (elfType == R_AARCH64_ADD_ABS_LO12_NC) {
                    // an immediate: the whole constant goes into imm12
                    RangeCheck.unsigned(site, rel, v, 12, REMEDY_MODEL);
                    Fields.imm12(site, rel, v);
                } else {
                    // a load/store offset: the constant must fit the scaled imm12 and be aligned to the access
                    int shift = ldstShift(elfType);
                    RangeCheck.unsigned(site, rel, v, 12 + shift, REMEDY_MODEL);
                    RangeCheck.aligned(site, rel, v, 1 << shift, "the access is " + (1 << shift)
                            + " bytes wide: recompile without -O so the offset is added to the address first");
                    Fields.imm12(site, rel, v >> shift);
                }
            }
            // -mcmodel=tiny: adr xD, sym -> movz xD, #v; ldr xD, :got:sym (literal) -> movz xD, #v.
            case R_AARCH64_ADR_PREL_LO21 -> {
                int w = expect(site, rel, ADR, ADR_MASK, "adr xD, sym");
                Fields.movWide(site, rel, v, w & 0x1f, REMEDY_MODEL);
            }
            case R_AARCH64_GOT_LD_PREL19 -> {
                int w = expect(site, rel, LDR_X_LITERAL, LDR_LITERAL_MASK, "ldr xD, :got:sym (literal)");
                Fields.movWide(site, rel, v, w & 0x1f, REMEDY_MODEL);
            }
            default -> throw new PatchException(site.location(), rel, "cannot carry a layout constant on aarch64 "
                    + "(expected ABS64/32/16, MOVW_UABS/SABS, ADD_ABS_LO12_NC or LDSTn_ABS_LO12_NC as an immediate, "
                    + "adrp + add, adr, or adrp + ldr :got_lo12:)");
        }
    }

    /**
     * The adrp of a proven pair: {@code movz xN, #v[15:0]} (or {@code movn} for a small negative constant); the
     * consumer adds bits 16..31 with {@code movk} when it is the only one and writes the same register.
     */
    private static void relaxHead(PatchSite site, String rel, long v, Plan.Pair pair) {
        int n = site.i32(0, rel) & 0x1f;
        if (fitsMovWide(v)) {
            Fields.movWide(site, rel, v, n, REMEDY_MODEL);
        } else if (canUseMovk(v, pair)) {
            Fields.movWide(site, rel, v & 0xffff, n, REMEDY_MODEL);
        } else {
            throw new PatchException(site.location(), rel, "layout constant " + v + " needs more than one movz/movk "
                    + "but this adrp feeds " + pair.partners().length + " instruction(s) that cannot all become movk; "
                    + REMEDY_MODEL);
        }
    }

    /** The add/ldr of a proven pair: {@code nop}, {@code mov xD, xN} or {@code movk xN, #v[31:16], lsl #16}. */
    private static void relaxConsumer(PatchSite site, String rel, long v, Plan.Pair pair) {
        int w = site.i32(0, rel);
        int d = w & 0x1f;
        int n = (w >>> 5) & 0x1f;
        if (fitsMovWide(v)) {
            site.put32(0, d == n ? NOP : MOV_X_REG | (n << 16) | d, rel);
        } else if (canUseMovk(v, pair)) {
            site.put32(0, MOVK_X | (1 << 21) | n, rel);
            Fields.imm16(site, rel, (int) (v >>> 16));
        } else {
            throw new PatchException(site.location(), rel, "layout constant " + v + " needs a movk here but the "
                    + "adrp's register is used by other instructions too; " + REMEDY_MODEL);
        }
    }

    /** One movz/movn makes {@code v}: 16 bits, or 16 bits shifted by 16 ({@link Fields#movWide}). */
    private static boolean fitsMovWide(long v) {
        return (v >= 0 && v < 0x10000) || (v < 0 && v >= -0x10000) || Fields.isShifted16(v);
    }

    private static boolean canUseMovk(long v, Plan.Pair pair) {
        return v >= 0 && v < 0x1_0000_0000L && pair.soleSameRegister();
    }

    // ---------------------------------------------------------------- default-method trampolines

    /**
     * A default-method trampoline by the AAPCS64 register model ({@link Aapcs64Args}, AAPCS64 §6.8.2): the caller
     * passed (self, args...), the default body takes (self, vtable, args...). Self stays in x0; each argument's
     * place is computed for both lists, so a 16-byte-aligned argument ({@code u128}/{@code i128}) moves to the next
     * even register pair (C.8), floating-point arguments stay in their v registers (the vtable pointer does not
     * change the NSRN), and an argument that no longer fits x0..x7 goes to the stack (C.11-C.15).
     *
     * <p>When the body's stacked arguments are those the caller left, the trampoline is register moves (ordered
     * by {@link TrampolineMoves}), {@code adrp x1, vtable} + {@code add x1, x1, :lo12:vtable} (ADR_PREL_PG_HI21,
     * ADD_ABS_LO12_NC) and {@code b default} (JUMP26): a tail call, the body returns to the caller. Otherwise it
     * builds the body's argument area in a frame of its own: {@code sub sp, sp, #F}, {@code str x30, [sp, #F-16]},
     * the stores, moves and loads (x9, a temporary of §6.1.1, carries stack-to-stack words), the vtable,
     * {@code bl default} (CALL26), {@code ldr x30}, {@code add sp, sp, #F}, {@code ret}; x8 (the indirect result
     * location) and the return registers are not touched, and sp stays 16-byte aligned (§6.4.5.1).
     */
    @Override
    public Stub defaultMethodTrampoline(List<ArgShape> argsAfterSelf) {
        // self and the vtable are pointers: double-words under LP64
        DefaultMethodArgs args = DefaultMethodArgs.plan(name(), argsAfterSelf, 8, Aapcs64Args::assign, SCRATCH,
                Aapcs64Args::name);
        TrampolineMoves mv = args.moves();
        long frame = mv.needsFrame() ? Aapcs64Args.roundUp(args.bodyStackBytes(), 16) + 16 : 0;
        if (frame > 0xfff) {
            throw new IllegalArgumentException("aarch64: the default body takes " + args.bodyStackBytes() + " bytes of "
                    + "stacked arguments; a trampoline builds at most " + (0xfff - 16) + " (one sub sp immediate)");
        }
        ByteBuffer code = ByteBuffer.allocate(4 * (16 + 2 * (mv.stores().size() + mv.registerMoves().size()
                + mv.loads().size()))).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        if (frame > 0) {
            code.putInt(SUB_SP_IMM | (int) (frame << 10));
            code.putInt(ldst(STR_X_UIMM, 30, frame - 16));
        }
        for (TrampolineMoves.Move m : mv.stores()) {
            int src = (int) m.from().n();
            if (m.from().isStack()) {
                code.putInt(ldst(LDR_X_UIMM, SCRATCH, frame + m.from().n()));
                src = SCRATCH;
            }
            code.putInt(ldst(STR_X_UIMM, src, m.to().n()));
        }
        for (TrampolineMoves.Move m : mv.registerMoves()) {
            code.putInt(MOV_X_REG | ((int) m.from().n() << 16) | (int) m.to().n());
        }
        for (TrampolineMoves.Move m : mv.loads()) {
            code.putInt(ldst(LDR_X_UIMM, (int) m.to().n(), frame + m.from().n()));
        }
        int adrp = code.position();
        code.putInt(ADRP | 1);
        int add = code.position();
        code.putInt(ADD_X_IMM | (1 << 5) | 1);
        int b = code.position();
        if (frame > 0) {
            code.putInt(BL);
            code.putInt(ldst(LDR_X_UIMM, 30, frame - 16));
            code.putInt(ADD_SP_IMM | (int) (frame << 10));
            code.putInt(RET);
        } else {
            code.putInt(B);
        }
        byte[] bytes = java.util.Arrays.copyOf(code.array(), code.position());
        return new Stub(bytes, List.of(
                new Stub.Reloc(adrp, R_AARCH64_ADR_PREL_PG_HI21, 0, Stub.Ref.VTABLE),
                new Stub.Reloc(add, R_AARCH64_ADD_ABS_LO12_NC, 0, Stub.Ref.VTABLE),
                new Stub.Reloc(b, frame > 0 ? R_AARCH64_CALL26 : R_AARCH64_JUMP26, 0, Stub.Ref.TARGET)));
    }

    /** {@code ldr}/{@code str xT, [sp, #offset]} (unsigned offset, scaled by 8). */
    private static int ldst(int opcode, int t, long offset) {
        if (offset < 0 || offset % 8 != 0 || offset / 8 > 0xfff) {
            throw new IllegalArgumentException("aarch64: a trampoline reaches stacked arguments up to [sp+32760], "
                    + "this one is at [sp+" + offset + "]");
        }
        return opcode | (int) (offset / 8) << 10 | (31 << 5) | t;
    }

    /**
     * A veneer for CALL26/JUMP26 beyond +-128 MiB (AAELF64 §5.7 permits the linker to route a call through one, with
     * x16/x17 as the intra-procedure-call scratch registers of AAPCS64): {@code adrp x16, target};
     * {@code add x16, x16, :lo12:target}; {@code br x16}, which reaches +-4 GiB. Its fields are written by
     * {@link #relocate} like any input's.
     */
    @Override
    public Stub rangeExtensionThunk() {
        ByteBuffer code = ByteBuffer.allocate(12).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        code.putInt(ADRP | 16);
        code.putInt(ADD_X_IMM | (16 << 5) | 16);
        code.putInt(BR_X16);
        return new Stub(code.array(), List.of(
                new Stub.Reloc(0, R_AARCH64_ADR_PREL_PG_HI21, 0, Stub.Ref.TARGET),
                new Stub.Reloc(4, R_AARCH64_ADD_ABS_LO12_NC, 0, Stub.Ref.TARGET)));
    }

    @Override
    public boolean branchOutOfRange(int elfType, long S, long A, long P) {
        if (elfType != R_AARCH64_CALL26 && elfType != R_AARCH64_JUMP26) {
            return false;
        }
        long x = S + A - P;
        return x < -(1L << 27) || x >= (1L << 27);
    }

    // ---------------------------------------------------------------- helpers

    static long page(long address) {
        return address & ~0xfffL;
    }

    static int uabsGroup(int elfType) {
        return switch (elfType) {
            case R_AARCH64_MOVW_UABS_G0, R_AARCH64_MOVW_UABS_G0_NC -> 0;
            case R_AARCH64_MOVW_UABS_G1, R_AARCH64_MOVW_UABS_G1_NC -> 1;
            case R_AARCH64_MOVW_UABS_G2, R_AARCH64_MOVW_UABS_G2_NC -> 2;
            case R_AARCH64_MOVW_UABS_G3 -> 3;
            default -> -1;
        };
    }

    private static boolean isNc(int elfType) {
        return elfType == R_AARCH64_MOVW_UABS_G0_NC || elfType == R_AARCH64_MOVW_UABS_G1_NC
                || elfType == R_AARCH64_MOVW_UABS_G2_NC;
    }

    static int ldstShift(int elfType) {
        return switch (elfType) {
            case R_AARCH64_LDST8_ABS_LO12_NC -> 0;
            case R_AARCH64_LDST16_ABS_LO12_NC -> 1;
            case R_AARCH64_LDST32_ABS_LO12_NC -> 2;
            case R_AARCH64_LDST64_ABS_LO12_NC -> 3;
            case R_AARCH64_LDST128_ABS_LO12_NC -> 4;
            default -> -1;
        };
    }

    private static int expect(PatchSite site, String rel, int opcode, int mask, String what) {
        int w = site.i32(0, rel);
        if ((w & mask) != opcode) {
            throw new PatchException(site.location(), rel, "expected " + what + ", found " + site.hex(0, 4));
        }
        return w;
    }

    static String relName(int elfType) {
        return RelocationTypes.describe(Elf.EM_AARCH64, elfType);
    }
}
