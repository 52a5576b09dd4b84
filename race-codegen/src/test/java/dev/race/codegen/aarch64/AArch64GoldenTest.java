package dev.race.codegen.aarch64;

import dev.race.codegen.ArgShape;
import dev.race.codegen.Location;
import dev.race.codegen.PatchException;
import dev.race.codegen.PatchSite;
import dev.race.codegen.SectionReloc;
import dev.race.codegen.Stub;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.race.format.elf.RelocationTypes.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Golden instruction words, one test per relocation kind and per relaxation. The input is what
 * aarch64-linux-gnu-as makes of the relocated instruction (fields left zero); the result is checked three ways:
 * against the word written out by hand from the Arm ARM encoding, against what as makes of the same instruction
 * with the operand resolved, and against aarch64-linux-gnu-objdump -d's reading of the patched words. The
 * section sits at address 0, so P is the field's offset.
 */
class AArch64GoldenTest {
    @TempDir
    static Path dir;
    private final AArch64Target a64 = new AArch64Target();

    @BeforeAll
    static void tools() {
        assertThat(Gnu.available()).as("aarch64-linux-gnu binutils are needed (CI installs them: .ci/run)").isTrue();
    }

    /** A relocation at {@code offset}: {@code s} is S, or the layout constant when {@code constant}. */
    private record R(int offset, int type, long s, long a, boolean constant, int symbol) {
    }

    private static R rel(int offset, int type, long s, long a) {
        return new R(offset, type, s, a, false, 1);
    }

    private static R con(int offset, int type, long value, long a) {
        return new R(offset, type, value, a, true, 1);
    }

    private static R conSym(int offset, int type, long value, int symbol) {
        return new R(offset, type, value, 0, true, symbol);
    }

    /** Patches what as makes of {@code input}; returns the bytes. */
    private byte[] patch(String input, R... relocs) throws Exception {
        byte[] orig = Gnu.text(dir, input);
        byte[] b = orig.clone();
        List<SectionReloc> list = new ArrayList<>();
        for (R r : relocs) {
            list.add(new SectionReloc(r.offset(), r.type(), r.a(), r.symbol(), r.constant()));
        }
        Object plan = a64.planSection(ByteBuffer.wrap(orig).asReadOnlyBuffer(), list);
        for (R r : relocs) {
            PatchSite site = new PatchSite(ByteBuffer.wrap(b), r.offset(),
                    new Location("app.o", ".text", r.offset(), "sym" + r.symbol()));
            if (r.constant()) {
                a64.patchConstant(site, r.type(), r.s(), r.a(), plan);
            } else {
                a64.relocate(site, r.type(), r.s(), r.a(), r.offset());
            }
        }
        return b;
    }

    /**
     * The patched words equal {@code arm} (hex words, by hand from the Arm ARM), equal what as makes of
     * {@code resolved} (when not null), and objdump reads them as {@code objdump}.
     */
    private void golden(byte[] patched, String arm, String resolved, String... objdump) throws Exception {
        assertThat(words(patched)).as("ARM encoding").isEqualTo(arm);
        if (resolved != null) {
            assertThat(words(patched)).as("as of: %s", resolved).isEqualTo(words(Gnu.text(dir, resolved)));
        }
        if (objdump.length > 0) {
            assertThat(Gnu.disassemble(dir, patched)).as("objdump -d").containsExactly(objdump);
        }
    }

    private static String words(byte[] b) {
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        StringBuilder sb = new StringBuilder();
        while (bb.remaining() >= 4) {
            sb.append(sb.length() > 0 ? " " : "").append(String.format("%08x", bb.getInt()));
        }
        return sb.toString();
    }

    // ------------------------------------------------------------ data

    @Test
    @DisplayName("aarch64-abs64/32/16 and prel64/32/16: little-endian data words")
    void data() throws Exception {
        byte[] b = patch(".xword sym\n.word sym\n.hword sym\n.hword 0\n.xword sym\n.word sym\n.hword sym\n.hword 0",
                rel(0, R_AARCH64_ABS64, 0x1122334455667788L, 8), rel(8, R_AARCH64_ABS32, 0xfffffff0L, 0),
                rel(12, R_AARCH64_ABS16, -2, 0), rel(16, R_AARCH64_PREL64, 0, 0), rel(24, R_AARCH64_PREL32, 0x1018, 0),
                rel(28, R_AARCH64_PREL16, 0, 0));
        assertThat(b).isEqualTo(Gnu.text(dir, ".xword 0x1122334455667790\n.word 0xfffffff0\n.hword 0xfffe\n"
                + ".hword 0\n.xword -16\n.word 0x1000\n.hword -28\n.hword 0"));
        assertThatThrownBy(() -> patch(".word sym", rel(0, R_AARCH64_ABS32, 0x1_0000_0000L, 0)))
                .isInstanceOf(PatchException.class)
                .hasMessage("app.o:.text+0x0: R_AARCH64_ABS32 against sym1 out of range [-2147483648, 4294967295]: "
                        + "4294967296");
        assertThatThrownBy(() -> patch(".hword sym", rel(0, R_AARCH64_PREL16, 0x10000, 0)))
                .isInstanceOf(PatchException.class).hasMessageContaining("out of range [-32768, 65535]: 65536");
    }

    // ------------------------------------------------------------ control flow

    @Test
    @DisplayName("aarch64-call26-jump26: imm26 = (S + A - P) >> 2, no veneers")
    void branches() throws Exception {
        golden(patch("bl sym\nb sym", rel(0, R_AARCH64_CALL26, 0x1000, 0), rel(4, R_AARCH64_JUMP26, 0, -4)),
                "94000400 17fffffe", "bl .+0x1000\nb .-8", "bl 1000", "b fffffffffffffffc");
        assertThatThrownBy(() -> patch("bl sym", rel(0, R_AARCH64_CALL26, 0x8000000, 0)))
                .isInstanceOf(PatchException.class)
                .hasMessage("app.o:.text+0x0: R_AARCH64_CALL26 against sym1 out of range [-134217728, 134217727]: "
                        + "134217728; a branch reaches +-128 MiB; in an executable race routes a farther one through a "
                        + "veneer, so this is a veneer's own destination out of its +-4 GiB reach");
        assertThatThrownBy(() -> patch("b sym", rel(0, R_AARCH64_JUMP26, 0x102, 0)))
                .isInstanceOf(PatchException.class)
                .hasMessage("app.o:.text+0x0: R_AARCH64_JUMP26 against sym1 misaligned: 258 is not a multiple of 4");
    }

    @Test
    @DisplayName("aarch64-condbr19-tstbr14")
    void conditional() throws Exception {
        golden(patch("b.ne sym\ntbz w3, #5, sym", rel(0, R_AARCH64_CONDBR19, 0x40, 0),
                        rel(4, R_AARCH64_TSTBR14, 4, -32)),
                "54000201 362fff03", "b.ne .+64\ntbz w3, #5, .-32", "b.ne 40", "tbz w3, #5, ffffffffffffffe4");
        assertThatThrownBy(() -> patch("tbz w3, #5, sym", rel(0, R_AARCH64_TSTBR14, 0x8000, 0)))
                .isInstanceOf(PatchException.class).hasMessageContaining("out of range [-32768, 32767]: 32768");
    }

    // ------------------------------------------------------------ PC-relative addresses

    @Test
    @DisplayName("aarch64-ld-prel-lo19-adr-prel-lo21")
    void pcRelative() throws Exception {
        golden(patch("ldr x1, sym\nadr x0, sym", rel(0, R_AARCH64_LD_PREL_LO19, 0x100, 0),
                        rel(4, R_AARCH64_ADR_PREL_LO21, 0x1230, 8)),
                "58000801 100091a0", "ldr x1, .+0x100\nadr x0, .+0x1234", "ldr x1, 100", "adr x0, 1238");
        assertThatThrownBy(() -> patch("adr x0, sym", rel(0, R_AARCH64_ADR_PREL_LO21, 0x100000, 0)))
                .isInstanceOf(PatchException.class).hasMessageContaining("out of range [-1048576, 1048575]");
    }

    @Test
    @DisplayName("aarch64-adr-prel-pg-hi21(-nc)-add-abs-lo12-nc: Page(S + A) - Page(P)")
    void adrpAdd() throws Exception {
        // page delta 0x12345000 >> 12 = 0x12345: immlo = 1 (bits 30:29), immhi = 0x48d1 (bits 23:5)
        golden(patch("adrp x2, sym\nadd x1, x2, :lo12:sym\nadrp x3, sym",
                        rel(0, R_AARCH64_ADR_PREL_PG_HI21, 0x12345678, 0),
                        rel(4, R_AARCH64_ADD_ABS_LO12_NC, 0x12345123, 0),
                        rel(8, R_AARCH64_ADR_PREL_PG_HI21_NC, 0x2_0000_9000L, 0)),
                "b0091a22 91048c41 b0000043", null, "adrp x2, 12345000", "add x1, x2, #0x123", "adrp x3, 9000");
        assertThatThrownBy(() -> patch("adrp x2, sym", rel(0, R_AARCH64_ADR_PREL_PG_HI21, 0x1_0000_0000L, 0)))
                .isInstanceOf(PatchException.class)
                .hasMessageContaining("out of range [-4294967296, 4294967295]: 4294967296");
    }

    @Test
    @DisplayName("aarch64-ldst8/16/32/64/128-abs-lo12-nc: imm12 = (S + A)[11:shift]")
    void loadStore() throws Exception {
        golden(patch("ldrb w3, [x4, :lo12:sym]\nldrh w3, [x4, :lo12:sym]\nldr w3, [x4, :lo12:sym]\n"
                                + "str x3, [x4, :lo12:sym]\nldr q0, [x4, :lo12:sym]",
                        rel(0, R_AARCH64_LDST8_ABS_LO12_NC, 0x5011, 0), rel(4, R_AARCH64_LDST16_ABS_LO12_NC, 0x5012, 0),
                        rel(8, R_AARCH64_LDST32_ABS_LO12_NC, 0x5010, 0),
                        rel(12, R_AARCH64_LDST64_ABS_LO12_NC, 0x5ff8, 0),
                        rel(16, R_AARCH64_LDST128_ABS_LO12_NC, 0x5020, 0)),
                "39404483 79402483 b9401083 f907fc83 3dc00880",
                "ldrb w3, [x4, #17]\nldrh w3, [x4, #18]\nldr w3, [x4, #16]\nstr x3, [x4, #4088]\nldr q0, [x4, #32]",
                "ldrb w3, [x4, #17]", "ldrh w3, [x4, #18]", "ldr w3, [x4, #16]", "str x3, [x4, #4088]",
                "ldr q0, [x4, #32]");
        assertThatThrownBy(() -> patch("ldr x3, [x4, :lo12:sym]", rel(0, R_AARCH64_LDST64_ABS_LO12_NC, 0x5004, 0)))
                .isInstanceOf(PatchException.class)
                .hasMessage("app.o:.text+0x0: R_AARCH64_LDST64_ABS_LO12_NC against sym1 misaligned: 4 is not a "
                        + "multiple of 8");
    }

    // ------------------------------------------------------------ MOVW groups

    @Test
    @DisplayName("aarch64-movw-uabs-g0..g3(-nc)")
    void movwUnsigned() throws Exception {
        golden(patch("movz x0, #:abs_g3:sym\nmovk x0, #:abs_g2_nc:sym\nmovk x0, #:abs_g1_nc:sym\n"
                                + "movk x0, #:abs_g0_nc:sym\nmovz x1, #:abs_g2:sym\nmovz x2, #:abs_g1:sym\n"
                                + "movz x3, #:abs_g0:sym",
                        rel(0, R_AARCH64_MOVW_UABS_G3, 0x1122334455667788L, 0),
                        rel(4, R_AARCH64_MOVW_UABS_G2_NC, 0x1122334455667788L, 0),
                        rel(8, R_AARCH64_MOVW_UABS_G1_NC, 0x1122334455667788L, 0),
                        rel(12, R_AARCH64_MOVW_UABS_G0_NC, 0x1122334455667788L, 0),
                        rel(16, R_AARCH64_MOVW_UABS_G2, 0x123456789abcL, 0),
                        rel(20, R_AARCH64_MOVW_UABS_G1, 0x12345678, 0),
                        rel(24, R_AARCH64_MOVW_UABS_G0, 0x1234, 0)),
                "d2e22440 f2c66880 f2aaacc0 f28ef100 d2c24681 d2a24682 d2824683",
                "movz x0, #0x1122, lsl #48\nmovk x0, #0x3344, lsl #32\nmovk x0, #0x5566, lsl #16\n"
                        + "movk x0, #0x7788\nmovz x1, #0x1234, lsl #32\nmovz x2, #0x1234, lsl #16\nmovz x3, #0x1234");
        assertThatThrownBy(() -> patch("movz x3, #:abs_g0:sym", rel(0, R_AARCH64_MOVW_UABS_G0, 0x10000, 0)))
                .isInstanceOf(PatchException.class).hasMessageContaining("out of range [0, 65535]: 65536");
    }

    @Test
    @DisplayName("aarch64-movw-sabs-g0..g2-prel: movn for a negative value, movz otherwise")
    void movwSigned() throws Exception {
        golden(patch("movz x0, #:abs_g0_s:sym\nmovz x1, #:abs_g1_s:sym\nmovz x2, #:abs_g2_s:sym\n"
                                + "movz x3, #:prel_g1:sym\nmovk x3, #:prel_g0_nc:sym",
                        rel(0, R_AARCH64_MOVW_SABS_G0, -5, 0), rel(4, R_AARCH64_MOVW_SABS_G1, -0x12345, 0),
                        rel(8, R_AARCH64_MOVW_SABS_G2, 0x1234_0000_0000L, 0),
                        rel(12, R_AARCH64_MOVW_PREL_G1, 0x1234c, 0), rel(16, R_AARCH64_MOVW_PREL_G0_NC, 0x1234c, 0)),
                "92800080 92a00021 d2c24682 d2a00023 f2846783",
                "movn x0, #4\nmovn x1, #1, lsl #16\nmovz x2, #0x1234, lsl #32\nmovz x3, #1, lsl #16\n"
                        + "movk x3, #0x233c",
                "mov x0, #0xfffffffffffffffb", "mov x1, #0xfffffffffffeffff", "mov x2, #0x123400000000",
                "mov x3, #0x10000", "movk x3, #0x233c");
        // PC-relative groups G3..G0: X = S - P at each instruction; G2 checked, a negative X makes it movn
        long s = 0x1234_5678_9abc_def0L;
        golden(patch("movz x4, #:prel_g3:sym\nmovk x4, #:prel_g2_nc:sym\nmovk x4, #:prel_g1_nc:sym\n"
                                + "movk x4, #:prel_g0_nc:sym\nmovz x5, #:prel_g2:sym",
                        rel(0, R_AARCH64_MOVW_PREL_G3, s, 0), rel(4, R_AARCH64_MOVW_PREL_G2_NC, s, 0),
                        rel(8, R_AARCH64_MOVW_PREL_G1_NC, s, 0), rel(12, R_AARCH64_MOVW_PREL_G0_NC, s, 0),
                        rel(16, R_AARCH64_MOVW_PREL_G2, 16 - 0x1_2345_6789L, 0)),
                "d2e24684 f2cacf04 f2b35784 f29bdc84 92c00025",
                "movz x4, #0x1234, lsl #48\nmovk x4, #0x5678, lsl #32\nmovk x4, #0x9abc, lsl #16\n"
                        + "movk x4, #0xdee4\nmovn x5, #1, lsl #32",
                "mov x4, #0x1234000000000000", "movk x4, #0x5678, lsl #32", "movk x4, #0x9abc, lsl #16",
                "movk x4, #0xdee4", "mov x5, #0xfffffffeffffffff");
        assertThatThrownBy(() -> patch("movz x5, #:prel_g0:sym", rel(0, R_AARCH64_MOVW_PREL_G0, 0x10000, 0)))
                .isInstanceOf(PatchException.class).hasMessageContaining("out of range [-65536, 65535]: 65536");
    }

    // ------------------------------------------------------------ GOT, relaxed: RACE builds no GOT

    @Test
    @DisplayName("aarch64-adr-got-page-ld64-got-lo12-nc: adrp + ldr :got_lo12: -> adrp + add")
    void gotRelaxed() throws Exception {
        golden(patch("adrp x0, :got:sym\nldr x0, [x0, :got_lo12:sym]\nldr x5, :got:sym",
                        rel(0, R_AARCH64_ADR_GOT_PAGE, 0x12345678, 0),
                        rel(4, R_AARCH64_LD64_GOT_LO12_NC, 0x12345678, 0),
                        rel(8, R_AARCH64_GOT_LD_PREL19, 0x208, 0)),
                "b0091a20 9119e000 10001005", null, "adrp x0, 12345000", "add x0, x0, #0x678", "adr x5, 208");
        assertThatThrownBy(() -> patch("ldr w0, [x0, #0]", rel(0, R_AARCH64_LD64_GOT_LO12_NC, 0, 0)))
                .isInstanceOf(PatchException.class)
                .hasMessage("app.o:.text+0x0: R_AARCH64_LD64_GOT_LO12_NC against sym1 expected ldr xT, [xN, "
                        + "#:got_lo12:sym], found 00 00 40 b9");
    }

    // ------------------------------------------------------------ layout constants

    @Test
    @DisplayName("aarch64-const-adrp-add: movz + nop (same register), movz + mov (another)")
    void constantAdrpAdd() throws Exception {
        golden(patch("adrp x0, sym\nadd x0, x0, :lo12:sym\nadrp x1, sym\nnop\nadd x2, x1, :lo12:sym",
                        con(0, R_AARCH64_ADR_PREL_PG_HI21, 24, 0), con(4, R_AARCH64_ADD_ABS_LO12_NC, 24, 0),
                        con(8, R_AARCH64_ADR_PREL_PG_HI21, 24, 0), con(16, R_AARCH64_ADD_ABS_LO12_NC, 24, 0)),
                "d2800300 d503201f d2800301 d503201f aa0103e2",
                "movz x0, #24\nnop\nmovz x1, #24\nnop\nmov x2, x1",
                "mov x0, #0x18", "nop", "mov x1, #0x18", "nop", "mov x2, x1");
    }

    @Test
    @DisplayName("aarch64-const-adrp-add-wide: movz + movk for a constant above 16 bits")
    void constantAdrpAddWide() throws Exception {
        golden(patch("adrp x7, sym\nadd x7, x7, :lo12:sym", con(0, R_AARCH64_ADR_PREL_PG_HI21, 0x12340, 5),
                        con(4, R_AARCH64_ADD_ABS_LO12_NC, 0x12340, 5)),
                "d28468a7 f2a00027", "movz x7, #0x2345\nmovk x7, #1, lsl #16", "mov x7, #0x2345",
                "movk x7, #0x1, lsl #16");
        assertThatThrownBy(() -> patch("adrp x1, sym\nadd x2, x1, :lo12:sym",
                con(0, R_AARCH64_ADR_PREL_PG_HI21, 0x12340, 0), con(4, R_AARCH64_ADD_ABS_LO12_NC, 0x12340, 0)))
                .isInstanceOf(PatchException.class)
                .hasMessageStartingWith("app.o:.text+0x0: R_AARCH64_ADR_PREL_PG_HI21 against sym1 layout constant "
                        + "74560 needs more than one movz/movk");
    }

    @Test
    @DisplayName("aarch64-const-adrp-add-shifted: one movz lsl #16 for 16 bits shifted by 16, whatever the register use")
    void constantAdrpAddShifted() throws Exception {
        // the link's poison value for a guarded missing field or type, 0x7fff0000, where the adrp's register is
        // also read by another instruction (no movk can be used): movz lsl #16, then mov
        golden(patch("adrp x1, sym\nadd x2, x1, :lo12:sym\nadr x3, sym",
                        con(0, R_AARCH64_ADR_PREL_PG_HI21, 0x7fff0000L, 0), con(4, R_AARCH64_ADD_ABS_LO12_NC, 0x7fff0000L, 0),
                        con(8, R_AARCH64_ADR_PREL_LO21, 0x10000, 0)),
                "d2afffe1 aa0103e2 d2a00023", "movz x1, #0x7fff, lsl #16\nmov x2, x1\nmovz x3, #1, lsl #16",
                "mov x1, #0x7fff0000", "mov x2, x1", "mov x3, #0x10000");
    }

    @Test
    @DisplayName("aarch64-const-adr (-mcmodel=tiny) and ldr :got: literal -> movz")
    void constantTiny() throws Exception {
        golden(patch("adr x3, sym\nldr x5, :got:sym", con(0, R_AARCH64_ADR_PREL_LO21, 40, 0),
                        con(4, R_AARCH64_GOT_LD_PREL19, 8, 0)),
                "d2800503 d2800105", "movz x3, #40\nmovz x5, #8", "mov x3, #0x28", "mov x5, #0x8");
        assertThatThrownBy(() -> patch("adr x3, sym", con(0, R_AARCH64_ADR_PREL_LO21, 0x10001, 0)))
                .isInstanceOf(PatchException.class)
                .hasMessageContaining("out of range [0, 65535]: 65537; a layout constant must fit");
    }

    @Test
    @DisplayName("aarch64-const-got: adrp :got: + ldr :got_lo12: -> movz + nop (-fPIC)")
    void constantGot() throws Exception {
        golden(patch("adrp x20, :got:sym\nldr x20, [x20, :got_lo12:sym]\n"
                                + "adrp x1, :got:sym\nldr x3, [x1, :got_lo12:sym]",
                        con(0, R_AARCH64_ADR_GOT_PAGE, 16, 0), con(4, R_AARCH64_LD64_GOT_LO12_NC, 16, 0),
                        con(8, R_AARCH64_ADR_GOT_PAGE, 8, 0), con(12, R_AARCH64_LD64_GOT_LO12_NC, 8, 0)),
                "d2800214 d503201f d2800101 aa0103e3", null, "mov x20, #0x10", "nop",
                "mov x1, #0x8", "mov x3, x1");
    }

    @Test
    @DisplayName("aarch64-const-immediates: add / ldst / movw fields checked, never truncated")
    void constantImmediates() throws Exception {
        golden(patch("add x1, x2, :lo12:sym\nldr x3, [x4, :lo12:sym]\nmovz x5, #:abs_g1_nc:sym\n"
                                + "movk x5, #:abs_g0_nc:sym",
                        con(0, R_AARCH64_ADD_ABS_LO12_NC, 0x30, 0), con(4, R_AARCH64_LDST64_ABS_LO12_NC, 24, 0),
                        con(8, R_AARCH64_MOVW_UABS_G1_NC, 0x12345, 0), con(12, R_AARCH64_MOVW_UABS_G0_NC, 0x12345, 0)),
                "9100c041 f9400c83 d2a00025 f28468a5",
                "add x1, x2, #0x30\nldr x3, [x4, #24]\nmovz x5, #1, lsl #16\nmovk x5, #0x2345");
        assertThatThrownBy(() -> patch("ldr x3, [x4, :lo12:sym]", con(0, R_AARCH64_LDST64_ABS_LO12_NC, 20, 0)))
                .isInstanceOf(PatchException.class)
                .hasMessage("app.o:.text+0x0: R_AARCH64_LDST64_ABS_LO12_NC against sym1 misaligned: 20 is not a "
                        + "multiple of 8; the access is 8 bytes wide: recompile without -O so the offset is added to "
                        + "the address first");
        assertThatThrownBy(() -> patch("ldr x3, [x4, :lo12:sym]", con(0, R_AARCH64_LDST64_ABS_LO12_NC, 0x8000, 0)))
                .isInstanceOf(PatchException.class)
                .hasMessageContaining("out of range [0, 32767]: 32768; a layout constant must fit");
        assertThatThrownBy(() -> patch("add x1, x2, :lo12:sym", con(0, R_AARCH64_ADD_ABS_LO12_NC, 0x1000, 0)))
                .isInstanceOf(PatchException.class).hasMessageContaining("out of range [0, 4095]: 4096");
        // a G0_NC alone would truncate the constant: checked as G0
        assertThatThrownBy(() -> patch("movk x5, #:abs_g0_nc:sym", con(0, R_AARCH64_MOVW_UABS_G0_NC, 0x12345, 0)))
                .isInstanceOf(PatchException.class).hasMessageContaining("out of range [0, 65535]: 74565");
    }

    @Test
    @DisplayName("aarch64-const-pairing: an adrp is relaxed only when its completion is proven")
    void pairingIsProven() {
        // another register: the add does not read what the adrp wrote
        assertThatThrownBy(() -> patch("adrp x0, sym\nadd x1, x2, :lo12:sym",
                con(0, R_AARCH64_ADR_PREL_PG_HI21, 8, 0), con(4, R_AARCH64_ADD_ABS_LO12_NC, 8, 0)))
                .isInstanceOf(PatchException.class)
                .hasMessage("app.o:.text+0x0: R_AARCH64_ADR_PREL_PG_HI21 against sym1 carries a layout constant but "
                        + "RACE could not prove which instruction completes this adrp: no add or ldr :got_lo12: of the "
                        + "same symbol and addend reads its register after it");
        // another symbol
        assertThatThrownBy(() -> patch("adrp x0, sym\nadd x0, x0, :lo12:sym",
                conSym(0, R_AARCH64_ADR_PREL_PG_HI21, 8, 1), conSym(4, R_AARCH64_ADD_ABS_LO12_NC, 8, 2)))
                .isInstanceOf(PatchException.class).hasMessageContaining("could not prove");
        // the register is overwritten by another adrp in between
        assertThatThrownBy(() -> patch("adrp x0, sym\nadrp x0, other\nadd x0, x0, :lo12:sym",
                conSym(0, R_AARCH64_ADR_PREL_PG_HI21, 8, 1), new R(4, R_AARCH64_ADR_PREL_PG_HI21, 0x5000, 0, false, 2),
                conSym(8, R_AARCH64_ADD_ABS_LO12_NC, 8, 1)))
                .isInstanceOf(PatchException.class).hasMessageContaining("could not prove");
        // only the adrp's relocation is present
        assertThatThrownBy(() -> patch("adrp x0, sym\nadd x0, x0, #0", con(0, R_AARCH64_ADR_PREL_PG_HI21, 8, 0)))
                .isInstanceOf(PatchException.class).hasMessageContaining("could not prove");
        // a load through the constant's "address" (the load's own message; the adrp is refused as well)
        assertThatThrownBy(() -> patch("adrp x0, sym\nldr x1, [x0, :lo12:sym]",
                con(4, R_AARCH64_LDST64_ABS_LO12_NC, 8, 0), con(0, R_AARCH64_ADR_PREL_PG_HI21, 8, 0)))
                .isInstanceOf(PatchException.class).hasMessageContaining("as if the layout constant were an address");
    }

    // ------------------------------------------------------------ trampolines

    @Test
    @DisplayName("aarch64-trampoline: shift x1..xn up, adrp + add x1 = vtable, b default")
    void trampoline() throws Exception {
        Stub st = a64.defaultMethodTrampoline(2);
        assertThat(st.code()).isEqualTo(Gnu.text(dir, "mov x3, x2\nmov x2, x1\nadrp x1, vt\nadd x1, x1, :lo12:vt\n"
                + "b def"));
        assertThat(st.relocs()).containsExactly(
                new Stub.Reloc(8, R_AARCH64_ADR_PREL_PG_HI21, 0, Stub.Ref.VTABLE),
                new Stub.Reloc(12, R_AARCH64_ADD_ABS_LO12_NC, 0, Stub.Ref.VTABLE),
                new Stub.Reloc(16, R_AARCH64_JUMP26, 0, Stub.Ref.TARGET));
    }

    @Test
    @DisplayName("aarch64-trampoline: a seventh argument goes to the stack (AAPCS64 C.11-C.15) in a frame, bl default")
    void trampolineWithAStackedArgument() throws Exception {
        Stub st = a64.defaultMethodTrampoline(7);
        assertThat(st.code()).isEqualTo(Gnu.text(dir, "sub sp, sp, #32\nstr x30, [sp, #16]\nstr x7, [sp]\n"
                + "mov x7, x6\nmov x6, x5\nmov x5, x4\nmov x4, x3\nmov x3, x2\nmov x2, x1\n"
                + "adrp x1, vt\nadd x1, x1, :lo12:vt\nbl def\nldr x30, [sp, #16]\nadd sp, sp, #32\nret"));
        assertThat(st.relocs()).containsExactly(
                new Stub.Reloc(36, R_AARCH64_ADR_PREL_PG_HI21, 0, Stub.Ref.VTABLE),
                new Stub.Reloc(40, R_AARCH64_ADD_ABS_LO12_NC, 0, Stub.Ref.VTABLE),
                new Stub.Reloc(44, R_AARCH64_CALL26, 0, Stub.Ref.TARGET));
    }

    @Test
    @DisplayName("aarch64-trampoline: a u128 after an i64 moves to the next even pair (AAPCS64 C.8), x2:x3 -> x4:x5")
    void trampolineWithAnEvenRegisterPair() throws Exception {
        Stub st = a64.defaultMethodTrampoline(List.of(ArgShape.integer("a: i64", 8), ArgShape.integer("b: u128", 16)));
        assertThat(st.code()).isEqualTo(Gnu.text(dir, "mov x4, x2\nmov x2, x1\nmov x5, x3\nadrp x1, vt\n"
                + "add x1, x1, :lo12:vt\nb def"));
        Stub alone = a64.defaultMethodTrampoline(List.of(ArgShape.integer("b: u128", 16)));
        assertThat(alone.code()).as("x2:x3 for both").isEqualTo(Gnu.text(dir, "adrp x1, vt\nadd x1, x1, :lo12:vt\nb def"));
    }
}
