package dev.race.codegen.x86_64;

import dev.race.codegen.ArgShape;
import dev.race.codegen.DefaultMethodArgs;
import dev.race.codegen.PatchException;
import dev.race.codegen.PatchSite;
import dev.race.codegen.RangeCheck;
import dev.race.codegen.RelocKind;
import dev.race.codegen.Stub;
import dev.race.codegen.Target;
import dev.race.codegen.TrampolineMoves;
import dev.race.format.elf.Elf;
import dev.race.format.elf.RelocationTypes;

import java.io.ByteArrayOutputStream;
import java.util.List;

import static dev.race.format.elf.RelocationTypes.*;

/**
 * x86-64, per the System V AMD64 psABI (section 4.4 "Relocation", table "Relocation Types"; the relaxation hints
 * R_X86_64_GOTPCRELX / REX_GOTPCRELX are described in its section B.2 "Optimize GOTPCRELX Relocations").
 *
 * <p>Quirks that shape this file:
 * <ul>
 *   <li>Objects use RELA: the assembler leaves zero in every relocated field and the addend lives in the
 *       relocation. A PC-relative field is followed by the rest of the instruction, so the addend of a
 *       RIP-relative operand is {@code -4} (or {@code -4 - size of a trailing immediate}): the CPU adds the
 *       displacement to the address of the <em>next</em> instruction, and {@code S + A - P} accounts for that.</li>
 *   <li>There are two 32-bit absolute forms. {@code R_X86_64_32} is zero-extended (a 32-bit register or data word;
 *       the value must be in [0, 2^32)), {@code R_X86_64_32S} is sign-extended (a 64-bit operand's disp32 or
 *       imm32; the value must be in [-2^31, 2^31)). Mixing them up truncates silently, so both are checked.</li>
 *   <li>RACE builds no GOT and no PLT: a static link calls the symbol directly ({@code R_X86_64_PLT32} is
 *       computed as {@code R_X86_64_PC32}), and every GOT load is relaxed to a direct form of the same length, as
 *       GNU ld does for a non-PIE link: {@code mov foo@GOTPCREL(%rip),%r} becomes {@code mov $foo,%r} when the
 *       address fits the immediate, else {@code lea foo(%rip),%r}; {@code call *foo@GOTPCREL(%rip)} becomes
 *       {@code addr32 call foo}; {@code jmp *foo@GOTPCREL(%rip)} becomes {@code jmp foo; nop}. A GOT reference on
 *       any other instruction cannot be relaxed and is refused.</li>
 *   <li>Layout markers are constants, not addresses. Under {@code -fno-pic} the compiler puts them in a
 *       displacement or immediate ({@code _32S}, {@code _32}, {@code _64}) and the constant is simply written.
 *       Under PIE or PIC it loads the "address" RIP-relatively ({@code lea sym(%rip),%r} with PC32, or a GOT load);
 *       both are rewritten to {@code mov $imm32,%r} (opcode C7 /0), which has the same length: the REX prefix keeps
 *       W and moves ModRM.reg's extension bit R to ModRM.rm's extension bit B, and ModRM becomes
 *       {@code 0xC0 | reg} (register-direct).</li>
 *   <li>A REX prefix (0x40..0x4F) before a RIP-relative instruction is recognised by the byte three before the
 *       field. For R_X86_64_GOTPCRELX the psABI says there is none and for REX_GOTPCRELX that there is one; for
 *       R_X86_64_PC32 and plain GOTPCREL the byte is read as a prefix when it is in that range.</li>
 * </ul>
 */
public final class X86_64Target implements Target {
    private static final int REX_W = 0x08;
    private static final int REX_R = 0x04;
    private static final int OP_MOV_LOAD = 0x8b;   // MOV r64, r/m64  (8B /r)
    private static final int OP_LEA = 0x8d;        // LEA r64, m      (8D /r)
    private static final int OP_MOV_IMM = 0xc7;    // MOV r/m64, imm32 (C7 /0)
    private static final int OP_GROUP5 = 0xff;     // FF /2 call, FF /4 jmp
    private static final int MODRM_CALL_RIP = 0x15; // mod=00 reg=2 rm=101
    private static final int MODRM_JMP_RIP = 0x25;  // mod=00 reg=4 rm=101
    private static final int ADDR32 = 0x67;
    private static final int OP_CALL_REL32 = 0xe8;
    private static final int OP_JMP_REL32 = 0xe9;
    private static final int NOP = 0x90;

    @Override
    public String name() {
        return "x86_64";
    }

    @Override
    public int elfMachine() {
        return Elf.EM_X86_64;
    }

    private static final int RSI = 6;
    private static final int R11 = 11;  // psABI Figure 3.4: a temporary, not used for passing arguments

    @Override
    public int absolutePointerType() {
        return R_X86_64_64;
    }

    /**
     * A default-method trampoline by the psABI register model ({@link SysVArgs}, §3.2.3): the caller passed
     * (self, args...), the default body takes (self, vtable, args...). Self stays in %rdi; each argument's place
     * is computed for both lists, so INTEGER eightbytes move to the next register ({@code mov %r8,%r9; mov
     * %rcx,%r8; ...}, ordered by {@link TrampolineMoves} so none is overwritten before it is read), a {@code u128}
     * moves as a whole pair or goes whole to the stack, and SSE arguments stay in their %xmm registers.
     * Then {@code lea vtable(%rip),%rsi} (R_X86_64_PC32, addend -4: relative to the next instruction).
     *
     * <p>When the body's stacked arguments are those the caller left, it ends with {@code jmp default} (E9 rel32,
     * R_X86_64_PLT32, addend -4): a tail jump, the body returns straight to the caller with the stack as the caller
     * built it. Otherwise (an argument that no longer fits the six registers) the trampoline builds the body's
     * argument area below its own return address: {@code sub $F,%rsp} with F = 8 mod 16 so that %rsp is 16-byte
     * aligned at the call (§3.2.2), the stores ({@code mov %reg,off(%rsp)}, stack-to-stack words through %r11),
     * register moves, loads, the vtable, {@code call default} (E8 rel32, R_X86_64_PLT32), {@code add $F,%rsp},
     * {@code ret}: %rax/%rdx and %xmm0/%xmm1 come back untouched.
     */
    @Override
    public Stub defaultMethodTrampoline(List<ArgShape> argsAfterSelf) {
        // self and the vtable are 8-byte pointers (psABI §3.1.2, LP64)
        DefaultMethodArgs args = DefaultMethodArgs.plan(name(), argsAfterSelf, 8, SysVArgs::assign, R11,
                SysVArgs::name);
        TrampolineMoves mv = args.moves();
        long frame = mv.needsFrame() ? (args.bodyStackBytes() + 15) / 16 * 16 + 8 : 0;
        // at entry the caller's first stacked argument is at 8(%rsp); after sub $F, at F+8(%rsp)
        long in = frame + 8;
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        if (frame > 0) {
            aluRspImm32(code, 5, frame); // sub $F,%rsp: REX.W 81 /5 id
        }
        for (TrampolineMoves.Move m : mv.stores()) {
            int src = (int) m.from().n();
            if (m.from().isStack()) {
                movRspDisp(code, 0x8b, R11, in + m.from().n());
                src = R11;
            }
            movRspDisp(code, 0x89, src, m.to().n());
        }
        for (TrampolineMoves.Move m : mv.registerMoves()) {
            movRegReg(code, (int) m.from().n(), (int) m.to().n());
        }
        for (TrampolineMoves.Move m : mv.loads()) {
            movRspDisp(code, 0x8b, (int) m.to().n(), (frame > 0 ? in : 8) + m.from().n());
        }
        // lea disp32(%rip),%rsi: REX.W 8D /r, ModRM mod=00 reg=rsi rm=101 (RIP-relative)
        code.write(0x48);
        code.write(OP_LEA);
        code.write((RSI << 3) | 0x05);
        int leaField = code.size();
        code.writeBytes(new byte[4]);
        code.write(frame > 0 ? OP_CALL_REL32 : OP_JMP_REL32);
        int jmpField = code.size();
        code.writeBytes(new byte[4]);
        if (frame > 0) {
            aluRspImm32(code, 0, frame); // add $F,%rsp: REX.W 81 /0 id
            code.write(0xc3);            // ret
        }
        return new Stub(code.toByteArray(), List.of(
                new Stub.Reloc(leaField, R_X86_64_PC32, -4, Stub.Ref.VTABLE),
                new Stub.Reloc(jmpField, R_X86_64_PLT32, -4, Stub.Ref.TARGET)));
    }

    /**
     * {@code add}/{@code sub $imm,%rsp} (Intel SDM "ADD", "SUB": r/m64, imm8 sign-extended or imm32): REX.W 83 /ext
     * ib when the immediate fits a signed byte, else REX.W 81 /ext id; ModRM mod=11 rm=rsp. The shortest form,
     * as GNU as picks.
     */
    private static void aluRspImm32(ByteArrayOutputStream code, int ext, long imm) {
        code.write(0x48);
        code.write(imm <= 127 ? 0x83 : 0x81);
        code.write(0xc0 | (ext << 3) | 4);
        if (imm <= 127) {
            code.write((int) imm);
        } else {
            writeLe32(code, imm);
        }
    }

    /**
     * {@code mov %reg,disp(%rsp)} (opcode 89) or {@code mov disp(%rsp),%reg} (8B): REX.W (+R for r8-r15), ModRM
     * reg rm=100 with SIB 0x24 (base %rsp, no index), and mod=00 (no displacement), 01 (disp8) or 10 (disp32),
     * the shortest that holds the displacement, as GNU as picks.
     */
    private static void movRspDisp(ByteArrayOutputStream code, int opcode, int reg, long disp) {
        if (disp < 0 || disp > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("x86_64: a trampoline's stack offset " + disp + " does not fit disp32");
        }
        int mod = disp == 0 ? 0x00 : disp <= 127 ? 0x40 : 0x80;
        code.write(0x48 | ((reg & 8) >> 1));
        code.write(opcode);
        code.write(mod | ((reg & 7) << 3) | 4);
        code.write(0x24);
        if (mod == 0x40) {
            code.write((int) disp);
        } else if (mod == 0x80) {
            writeLe32(code, disp);
        }
    }

    private static void writeLe32(ByteArrayOutputStream code, long v) {
        for (int i = 0; i < 4; i++) {
            code.write((int) (v >>> (8 * i)) & 0xff);
        }
    }

    /**
     * {@code mov %src,%dst} for 64-bit registers 0-15: REX.W 89 /r (Intel SDM "MOV": MOV r/m64, r64), the source
     * in ModRM.reg (extension bit REX.R), the destination in ModRM.rm (extension bit REX.B), mod=11. This is the
     * form GNU as picks for a register-to-register mov.
     */
    private static void movRegReg(ByteArrayOutputStream code, int src, int dst) {
        code.write(0x48 | ((src & 8) >> 1) | ((dst & 8) >> 3));
        code.write(0x89);
        code.write(0xc0 | ((src & 7) << 3) | (dst & 7));
    }

    @Override
    public RelocKind kind(int elfType) {
        return switch (elfType) {
            case R_X86_64_NONE -> RelocKind.NONE;
            case R_X86_64_64, R_X86_64_32, R_X86_64_32S, R_X86_64_16, R_X86_64_8 -> RelocKind.ABS;
            case R_X86_64_PC64, R_X86_64_PC32, R_X86_64_PC16, R_X86_64_PC8 -> RelocKind.PC;
            case R_X86_64_PLT32 -> RelocKind.PLT_PC;
            case R_X86_64_GOTPCREL -> RelocKind.GOT_PC;
            case R_X86_64_GOTPCRELX, R_X86_64_REX_GOTPCRELX -> RelocKind.GOT_PC_RELAX;
            default -> RelocKind.UNSUPPORTED;
        };
    }

    @Override
    public void relocate(PatchSite site, int elfType, long S, long A, long P) {
        String rel = relName(elfType);
        switch (elfType) {
            case R_X86_64_NONE -> {
            }
            // psABI 4.4: R_X86_64_64, word64, S + A.
            case R_X86_64_64 -> site.put64(0, S + A, rel);
            // psABI 4.4: R_X86_64_PC64, word64, S + A - P.
            case R_X86_64_PC64 -> site.put64(0, S + A - P, rel);
            // psABI 4.4: R_X86_64_32, word32, S + A, zero-extended to 64 bits when used.
            case R_X86_64_32 -> writeU32(site, rel, S + A);
            // psABI 4.4: R_X86_64_32S, word32, S + A, sign-extended to 64 bits when used.
            case R_X86_64_32S -> writeS32(site, rel, S + A);
            // psABI 4.4: R_X86_64_PC32, word32, S + A - P; R_X86_64_PLT32, word32, L + A - P with L = S (no PLT).
            case R_X86_64_PC32, R_X86_64_PLT32 -> writeS32(site, rel, S + A - P);
            // psABI 4.4: R_X86_64_16, word16, S + A; R_X86_64_8, word8, S + A (either signedness fits).
            case R_X86_64_16 -> {
                RangeCheck.signedOrUnsigned(site, rel, S + A, 16);
                site.put16(0, (int) (S + A), rel);
            }
            case R_X86_64_8 -> {
                RangeCheck.signedOrUnsigned(site, rel, S + A, 8);
                site.put8(0, (int) (S + A), rel);
            }
            // psABI 4.4: R_X86_64_PC16, word16, S + A - P; R_X86_64_PC8, word8, S + A - P (signed).
            case R_X86_64_PC16 -> {
                RangeCheck.signed(site, rel, S + A - P, 16);
                site.put16(0, (int) (S + A - P), rel);
            }
            case R_X86_64_PC8 -> {
                RangeCheck.signed(site, rel, S + A - P, 8);
                site.put8(0, (int) (S + A - P), rel);
            }
            case R_X86_64_GOTPCREL, R_X86_64_GOTPCRELX, R_X86_64_REX_GOTPCRELX -> relaxGotLoad(site, elfType, S, A, P);
            default -> throw new PatchException(site.location(), rel, "is not supported by the x86_64 target");
        }
    }

    /**
     * psABI 4.4: R_X86_64_GOTPCREL(X), word32, G + GOT + A - P. With no GOT, the instruction must stop going
     * through one (psABI B.2): the forms GNU ld rewrites for a non-PIE link, with the same results.
     */
    private void relaxGotLoad(PatchSite site, int elfType, long S, long A, long P) {
        String rel = relName(elfType);
        int opcode = site.u8(-2, rel);
        int modrm = site.u8(-1, rel);
        if (opcode == OP_GROUP5 && modrm == MODRM_CALL_RIP) {
            // call *foo@GOTPCREL(%rip) (FF 15 disp32) -> addr32 call foo (67 E8 rel32): rel32 at the same place.
            long disp = S + A - P;
            RangeCheck.signed(site, rel, disp, 32);
            site.put8(-2, ADDR32, rel);
            site.put8(-1, OP_CALL_REL32, rel);
            site.put32(0, (int) disp, rel);
            return;
        }
        if (opcode == OP_GROUP5 && modrm == MODRM_JMP_RIP) {
            // jmp *foo@GOTPCREL(%rip) (FF 25 disp32) -> jmp foo; nop (E9 rel32 90): the rel32 field moves one byte
            // earlier, so it is S + A - (P - 1): the jump still ends before the old instruction's last byte, now a nop.
            long disp = S + A - (P - 1);
            RangeCheck.signed(site, rel, disp, 32);
            site.put8(3, NOP, rel);
            site.put8(-2, OP_JMP_REL32, rel);
            site.put32(-1, (int) disp, rel);
            return;
        }
        if (opcode == OP_MOV_LOAD && isRipRelative(modrm) && A == -4) {
            // mov foo@GOTPCREL(%rip),%r loads foo's address. With the X hint, ld writes it as an immediate when the
            // address fits (sign-extended for REX.W, zero-extended for a 32-bit register), else as lea foo(%rip).
            boolean rex = hasRex(site, elfType, rel);
            boolean wide = rex && (site.u8(-3, rel) & REX_W) != 0;
            boolean fits = wide ? S >= Integer.MIN_VALUE && S <= Integer.MAX_VALUE : S >= 0 && S <= 0xffffffffL;
            if (elfType != R_X86_64_GOTPCREL && fits) {
                writeMovImm32(site, rel, rex, modrm, (int) S);
            } else {
                // lea foo(%rip),%r (8D /r): same ModRM and REX, displacement S + A - P.
                long disp = S + A - P;
                RangeCheck.signed(site, rel, disp, 32);
                site.put8(-2, OP_LEA, rel);
                site.put32(0, (int) disp, rel);
            }
            return;
        }
        throw new PatchException(site.location(), rel, "cannot be relaxed and RACE builds no GOT: expected "
                + "mov/call/jmp with RIP-relative operand and addend -4, found " + site.hex(-3, 0) + " (addend " + A
                + ")");
    }

    @Override
    public void patchConstant(PatchSite site, int elfType, long value, long A) {
        String rel = relName(elfType);
        switch (elfType) {
            // Absolute forms (-fno-pic): the constant goes into the displacement or immediate, psABI 4.4 S + A.
            case R_X86_64_64 -> {
                expectZero(site, rel, site.i64(0, rel) != 0, 8);
                site.put64(0, value + A, rel);
            }
            case R_X86_64_32 -> {
                expectZero(site, rel, site.i32(0, rel) != 0, 4);
                writeU32(site, rel, value + A);
            }
            case R_X86_64_32S -> {
                expectZero(site, rel, site.i32(0, rel) != 0, 4);
                writeS32(site, rel, value + A);
            }
            // lea sym+k(%rip),%r with A = k - 4: the instruction computed S + A + 4; load that as an immediate.
            case R_X86_64_PC32 -> {
                int modrm = expectRipInstruction(site, elfType, rel, OP_LEA);
                long imm = value + A + 4;
                RangeCheck.signed(site, rel, imm, 32);
                writeMovImm32(site, rel, hasRex(site, elfType, rel), modrm, (int) imm);
            }
            // mov sym@GOTPCREL(%rip),%r loaded S itself from the GOT entry; load it as an immediate.
            case R_X86_64_GOTPCREL, R_X86_64_GOTPCRELX, R_X86_64_REX_GOTPCRELX -> {
                int modrm = expectRipInstruction(site, elfType, rel, OP_MOV_LOAD);
                if (A != -4) {
                    throw new PatchException(site.location(), rel, "has addend " + A
                            + ": a GOT load of a layout constant must have addend -4");
                }
                RangeCheck.signed(site, rel, value, 32);
                writeMovImm32(site, rel, hasRex(site, elfType, rel), modrm, (int) value);
            }
            default -> throw new PatchException(site.location(), rel,
                    "cannot carry a layout constant on x86_64 (expected R_X86_64_32S, _32, _64, PC32 on lea, or a "
                            + "GOT load)");
        }
    }

    /**
     * Checks that the site holds {@code opcode} with a RIP-relative ModRM (mod=00, rm=101) and the zero
     * displacement the assembler leaves, and returns the ModRM byte.
     */
    private static int expectRipInstruction(PatchSite site, int elfType, String rel, int opcode) {
        int modrm = site.u8(-1, rel);
        if (site.u8(-2, rel) != opcode || !isRipRelative(modrm)) {
            int from = hasRex(site, elfType, rel) ? -3 : -2;
            throw new PatchException(site.location(), rel,
                    "expected lea/mov with RIP-relative operand, found " + site.hex(from, 0));
        }
        expectZero(site, rel, site.i32(0, rel) != 0, 4);
        return modrm;
    }

    private static void expectZero(PatchSite site, String rel, boolean nonZero, int width) {
        if (nonZero) {
            throw new PatchException(site.location(), rel,
                    "expected the zero field the assembler leaves, found " + site.hex(0, width));
        }
    }

    /**
     * The one encoder of {@code mov $imm32,%r} (C7 /0 id, Intel SDM "MOV") over a RIP-relative instruction of the
     * same length: REX keeps W and moves R to B (the register leaves ModRM.reg for ModRM.rm), X is dropped (no
     * SIB), ModRM = 11 000 reg.
     */
    private static void writeMovImm32(PatchSite site, String rel, boolean rex, int modrm, int imm) {
        if (rex) {
            int old = site.u8(-3, rel);
            site.put8(-3, 0x40 | (old & REX_W) | ((old & REX_R) >> 2), rel);
        }
        site.put8(-2, OP_MOV_IMM, rel);
        site.put8(-1, 0xc0 | ((modrm >> 3) & 7), rel);
        site.put32(0, imm, rel);
    }

    /** psABI 4.4 "word32" read as zero-extended (R_X86_64_32). */
    private static void writeU32(PatchSite site, String rel, long v) {
        RangeCheck.unsigned(site, rel, v, 32);
        site.put32(0, (int) v, rel);
    }

    /** psABI 4.4 "word32" read as sign-extended (R_X86_64_32S, PC32, PLT32). */
    private static void writeS32(PatchSite site, String rel, long v) {
        RangeCheck.signed(site, rel, v, 32);
        site.put32(0, (int) v, rel);
    }

    private static boolean isRipRelative(int modrm) {
        return (modrm & 0xc7) == 0x05;
    }

    private static boolean hasRex(PatchSite site, int elfType, String rel) {
        return switch (elfType) {
            case R_X86_64_GOTPCRELX -> false;
            case R_X86_64_REX_GOTPCRELX -> true;
            default -> site.offset() >= 3 && (site.u8(-3, rel) & 0xf0) == 0x40;
        };
    }

    private static String relName(int elfType) {
        return RelocationTypes.describe(Elf.EM_X86_64, elfType);
    }
}
