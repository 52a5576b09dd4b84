package dev.race.codegen.x86_64;

import dev.race.codegen.Location;
import dev.race.codegen.PatchException;
import dev.race.codegen.PatchSite;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.HexFormat;

import static dev.race.format.elf.RelocationTypes.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Golden bytes per relocation kind and per rewrite, on hand-assembled instructions (bytes as GNU as emits them,
 * with the zero field RELA leaves), and the exact messages of refused sites.
 */
class X86_64GoldenTest {
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");
    private static final long P0 = 0x401000;
    private final X86_64Target x86 = new X86_64Target();

    /** A section holding {@code hex}, relocated at {@code offset}, reported as {@code app.o:.text+0xOFF}. */
    private record Section(byte[] bytes, PatchSite site) {
        static Section of(String hex, int offset, String symbol) {
            byte[] b = HEX.parseHex(hex);
            return new Section(b, new PatchSite(ByteBuffer.wrap(b), offset,
                    new Location("app.o", ".text", offset, symbol)));
        }

        String hex() {
            return HEX.formatHex(bytes);
        }

        long p() {
            return P0 + site.offset();
        }
    }

    @Test
    @DisplayName("x86_64-abs64")
    void abs64() {
        Section s = Section.of("48 b8 00 00 00 00 00 00 00 00", 2, "big");
        x86.relocate(s.site(), R_X86_64_64, 0x1122334455667788L, 8, s.p());
        assertThat(s.hex()).isEqualTo("48 b8 90 77 66 55 44 33 22 11");
    }

    @Test
    @DisplayName("x86_64-pc64")
    void pc64() {
        Section s = Section.of("00 00 00 00 00 00 00 00", 0, "x");
        x86.relocate(s.site(), R_X86_64_PC64, P0 - 0x10, 0, s.p());
        assertThat(s.hex()).isEqualTo("f0 ff ff ff ff ff ff ff");
    }

    @Test
    @DisplayName("x86_64-plt32: a call goes straight to the symbol (no PLT in a static link)")
    void plt32() {
        Section s = Section.of("e8 00 00 00 00", 1, "f");
        x86.relocate(s.site(), R_X86_64_PLT32, P0 + 0x20, -4, s.p());
        assertThat(s.hex()).isEqualTo("e8 1b 00 00 00");
        Section back = Section.of("e8 00 00 00 00", 1, "f");
        x86.relocate(back.site(), R_X86_64_PC32, P0 - 0x100, -4, back.p());
        assertThat(back.hex()).isEqualTo("e8 fb fe ff ff");
    }

    @Test
    @DisplayName("x86_64-32-32s: zero- and sign-extended words, each checked against its own range")
    void abs32() {
        Section u = Section.of("00 00 00 00", 0, "hi");
        x86.relocate(u.site(), R_X86_64_32, 0xfffffff0L, 0, u.p());
        assertThat(u.hex()).isEqualTo("f0 ff ff ff");
        Section s = Section.of("00 00 00 00", 0, "neg");
        x86.relocate(s.site(), R_X86_64_32S, -16, 0, s.p());
        assertThat(s.hex()).isEqualTo("f0 ff ff ff");
        assertThatThrownBy(() -> x86.relocate(Section.of("00 00 00 00", 0, "neg").site(), R_X86_64_32, -16, 0, 0))
                .isInstanceOf(PatchException.class)
                .hasMessage("app.o:.text+0x0: R_X86_64_32 against neg out of range [0, 4294967295]: -16");
        assertThatThrownBy(() -> x86.relocate(Section.of("00 00 00 00", 0, "hi").site(), R_X86_64_32S,
                0xfffffff0L, 0, 0))
                .hasMessage("app.o:.text+0x0: R_X86_64_32S against hi out of range [-2147483648, 2147483647]: "
                        + 0xfffffff0L);
    }

    @Test
    @DisplayName("x86_64-16-8-pc16-pc8")
    void narrow() {
        Section s = Section.of("00 00 00", 0, "w");
        x86.relocate(s.site(), R_X86_64_16, 0xfffe, 0, s.p());
        x86.relocate(new PatchSite(ByteBuffer.wrap(s.bytes()), 2, s.site().location()), R_X86_64_8, -1, 0, 0);
        assertThat(s.hex()).isEqualTo("fe ff ff");
        Section pc = Section.of("00 00 00", 0, "near");
        x86.relocate(pc.site(), R_X86_64_PC16, P0 - 2, 0, pc.p());
        x86.relocate(new PatchSite(ByteBuffer.wrap(pc.bytes()), 2, pc.site().location()), R_X86_64_PC8,
                P0 + 0x81, 0, P0 + 2);
        assertThat(pc.hex()).isEqualTo("fe ff 7f");
        assertThatThrownBy(() -> x86.relocate(Section.of("00", 0, "far").site(), R_X86_64_PC8, P0 + 0x80, 0, P0))
                .hasMessage("app.o:.text+0x0: R_X86_64_PC8 against far out of range [-128, 127]: 128");
        assertThatThrownBy(() -> x86.relocate(Section.of("00 00", 0, "big").site(), R_X86_64_16, 0x10000, 0, 0))
                .hasMessage("app.o:.text+0x0: R_X86_64_16 against big out of range [-32768, 65535]: 65536");
    }

    @Test
    @DisplayName("x86_64-gotpcrelx-mov: the GOT load becomes mov $imm32, or lea when the address does not fit")
    void gotLoadRelaxation() {
        Section s = Section.of("4c 8b 0d 00 00 00 00", 3, "foo");
        x86.relocate(s.site(), R_X86_64_REX_GOTPCRELX, 0x40103b, -4, s.p());
        assertThat(s.hex()).isEqualTo("49 c7 c1 3b 10 40 00");
        Section far = Section.of("48 8b 05 00 00 00 00", 3, "foo");
        x86.relocate(far.site(), R_X86_64_REX_GOTPCRELX, 0x80000000L + 0x100, -4, 0x80000000L);
        assertThat(far.hex()).isEqualTo("48 8d 05 fc 00 00 00");
        Section plain = Section.of("48 8b 05 00 00 00 00", 3, "foo");
        x86.relocate(plain.site(), R_X86_64_GOTPCREL, P0 + 0x20, -4, plain.p());
        assertThat(plain.hex()).isEqualTo("48 8d 05 19 00 00 00");
    }

    @Test
    @DisplayName("x86_64-gotpcrelx-call-jmp: addr32 call foo, jmp foo; nop")
    void gotCallJmpRelaxation() {
        Section call = Section.of("ff 15 00 00 00 00", 2, "foo");
        x86.relocate(call.site(), R_X86_64_GOTPCRELX, P0 + 0x40, -4, call.p());
        assertThat(call.hex()).isEqualTo("67 e8 3a 00 00 00");
        Section jmp = Section.of("ff 25 00 00 00 00", 2, "foo");
        x86.relocate(jmp.site(), R_X86_64_GOTPCRELX, P0 + 0x40, -4, jmp.p());
        // e9 at 0, rel32 relative to the end of the 5-byte jmp at P0 + 5: 0x3b.
        assertThat(jmp.hex()).isEqualTo("e9 3b 00 00 00 90");
    }

    @Test
    @DisplayName("x86_64-gotpcrelx-unrelaxable: a GOT operand of add cannot be relaxed and there is no GOT")
    void unrelaxableGot() {
        Section s = Section.of("48 03 05 00 00 00 00", 3, "foo");
        assertThatThrownBy(() -> x86.relocate(s.site(), R_X86_64_REX_GOTPCRELX, P0, -4, s.p()))
                .isInstanceOf(PatchException.class)
                .hasMessage("app.o:.text+0x3: R_X86_64_REX_GOTPCRELX against foo cannot be relaxed and RACE builds"
                        + " no GOT: expected mov/call/jmp with RIP-relative operand and addend -4, found 48 03 05"
                        + " (addend -4)");
        assertThat(s.hex()).isEqualTo("48 03 05 00 00 00 00");
    }

    @Test
    @DisplayName("x86_64-const-abs: 32S/32/64 write the constant plus the addend")
    void constantAbsolute() {
        Section disp = Section.of("89 87 00 00 00 00", 2, "__race_off_1a1b");
        x86.patchConstant(disp.site(), R_X86_64_32S, 24, 8);
        assertThat(disp.hex()).isEqualTo("89 87 20 00 00 00");
        Section imm = Section.of("b8 00 00 00 00", 1, "__race_size_1a");
        x86.patchConstant(imm.site(), R_X86_64_32, 40, 0);
        assertThat(imm.hex()).isEqualTo("b8 28 00 00 00");
        Section quad = Section.of("00 00 00 00 00 00 00 00", 0, "__race_size_1a");
        x86.patchConstant(quad.site(), R_X86_64_64, 40, 0);
        assertThat(quad.hex()).isEqualTo("28 00 00 00 00 00 00 00");
    }

    @Test
    @DisplayName("x86_64-const-range: a constant >= 2^31 into 32S and a negative into _32 are refused untouched")
    void constantRange() {
        Section s = Section.of("48 8b 87 00 00 00 00", 3, "__race_off_1a1b");
        assertThatThrownBy(() -> x86.patchConstant(s.site(), R_X86_64_32S, 1L << 31, 0))
                .isInstanceOf(PatchException.class)
                .hasMessage("app.o:.text+0x3: R_X86_64_32S against __race_off_1a1b out of range"
                        + " [-2147483648, 2147483647]: 2147483648");
        assertThat(s.hex()).isEqualTo("48 8b 87 00 00 00 00");
        Section u = Section.of("b8 00 00 00 00", 1, "__race_size_1a");
        assertThatThrownBy(() -> x86.patchConstant(u.site(), R_X86_64_32, 8, -16))
                .hasMessage("app.o:.text+0x1: R_X86_64_32 against __race_size_1a out of range [0, 4294967295]: -8");
        Section lea = Section.of("48 8d 05 00 00 00 00", 3, "__race_size_1a");
        assertThatThrownBy(() -> x86.patchConstant(lea.site(), R_X86_64_PC32, 1L << 31, -4))
                .hasMessage("app.o:.text+0x3: R_X86_64_PC32 against __race_size_1a out of range"
                        + " [-2147483648, 2147483647]: 2147483648");
        assertThat(lea.hex()).isEqualTo("48 8d 05 00 00 00 00");
    }

    @Test
    @DisplayName("x86_64-const-lea: lea sym(%rip),%r becomes mov $imm32,%r (REX.R moves to REX.B)")
    void constantLea() {
        Section rax = Section.of("48 8d 05 00 00 00 00", 3, "__race_off_1a1b");
        x86.patchConstant(rax.site(), R_X86_64_PC32, 24, -4);
        assertThat(rax.hex()).isEqualTo("48 c7 c0 18 00 00 00");
        Section r15 = Section.of("4c 8d 3d 00 00 00 00", 3, "__race_off_1a1b");
        x86.patchConstant(r15.site(), R_X86_64_PC32, 24, 4);
        assertThat(r15.hex()).isEqualTo("49 c7 c7 20 00 00 00");
        Section esi = Section.of("90 8d 35 00 00 00 00", 3, "__race_off_1a1b");
        x86.patchConstant(esi.site(), R_X86_64_PC32, 24, -4);
        assertThat(esi.hex()).isEqualTo("90 c7 c6 18 00 00 00");
    }

    @Test
    @DisplayName("x86_64-const-gotpcrel: mov sym@GOTPCREL(%rip),%r becomes mov $imm32,%r")
    void constantGotLoad() {
        Section s = Section.of("4c 8b 25 00 00 00 00", 3, "__race_size_1a");
        x86.patchConstant(s.site(), R_X86_64_GOTPCREL, 40, -4);
        assertThat(s.hex()).isEqualTo("49 c7 c4 28 00 00 00");
        Section x = Section.of("8b 0d 00 00 00 00", 2, "__race_size_1a");
        x86.patchConstant(x.site(), R_X86_64_GOTPCRELX, 40, -4);
        assertThat(x.hex()).isEqualTo("c7 c1 28 00 00 00");
    }

    @Test
    @DisplayName("x86_64-const-wrong-insn: another instruction at a rewrite site is named with its bytes")
    void constantWrongInstruction() {
        Section add = Section.of("48 03 05 00 00 00 00", 3, "__race_off_1a1b");
        assertThatThrownBy(() -> x86.patchConstant(add.site(), R_X86_64_PC32, 24, -4))
                .isInstanceOf(PatchException.class)
                .hasMessage("app.o:.text+0x3: R_X86_64_PC32 against __race_off_1a1b expected lea/mov with"
                        + " RIP-relative operand, found 48 03 05");
        Section leaForGot = Section.of("48 8d 05 00 00 00 00", 3, "__race_off_1a1b");
        assertThatThrownBy(() -> x86.patchConstant(leaForGot.site(), R_X86_64_REX_GOTPCRELX, 24, -4))
                .hasMessage("app.o:.text+0x3: R_X86_64_REX_GOTPCRELX against __race_off_1a1b expected lea/mov with"
                        + " RIP-relative operand, found 48 8d 05");
        Section notRip = Section.of("48 8d 80 00 00 00 00", 3, "__race_off_1a1b");
        assertThatThrownBy(() -> x86.patchConstant(notRip.site(), R_X86_64_PC32, 24, -4))
                .hasMessageEndingWith("found 48 8d 80");
        assertThat(add.hex()).isEqualTo("48 03 05 00 00 00 00");
    }

    @Test
    @DisplayName("x86_64-const-dirty-site: a non-zero field is not silently overwritten")
    void constantDirtySite() {
        Section s = Section.of("48 8d 05 10 00 00 00", 3, "__race_off_1a1b");
        assertThatThrownBy(() -> x86.patchConstant(s.site(), R_X86_64_PC32, 24, -4))
                .hasMessage("app.o:.text+0x3: R_X86_64_PC32 against __race_off_1a1b expected the zero field the"
                        + " assembler leaves, found 10 00 00 00");
        Section d = Section.of("89 87 01 00 00 00", 2, "__race_off_1a1b");
        assertThatThrownBy(() -> x86.patchConstant(d.site(), R_X86_64_32S, 24, 0))
                .hasMessageContaining("found 01 00 00 00");
        Section gotAddend = Section.of("48 8b 05 00 00 00 00", 3, "__race_off_1a1b");
        assertThatThrownBy(() -> x86.patchConstant(gotAddend.site(), R_X86_64_REX_GOTPCRELX, 24, 4))
                .hasMessage("app.o:.text+0x3: R_X86_64_REX_GOTPCRELX against __race_off_1a1b has addend 4: a GOT"
                        + " load of a layout constant must have addend -4");
    }

    @Test
    @DisplayName("x86_64-const-unsupported: forms that cannot carry a constant, and sites outside the section")
    void constantUnsupported() {
        Section call = Section.of("e8 00 00 00 00", 1, "__race_size_1a");
        assertThatThrownBy(() -> x86.patchConstant(call.site(), R_X86_64_PLT32, 40, -4))
                .hasMessageStartingWith("app.o:.text+0x1: R_X86_64_PLT32 against __race_size_1a cannot carry a"
                        + " layout constant");
        Section shortSec = Section.of("8d 05 00 00", 2, "__race_size_1a");
        assertThatThrownBy(() -> x86.patchConstant(shortSec.site(), R_X86_64_PC32, 40, -4))
                .hasMessage("app.o:.text+0x2: R_X86_64_PC32 against __race_size_1a reaches outside the section"
                        + " (4 bytes): 4 bytes at 0x2");
        assertThatThrownBy(() -> x86.relocate(Section.of("00 00 00 00", 0, "t").site(), R_X86_64_TPOFF32, 0, 0, 0))
                .hasMessage("app.o:.text+0x0: R_X86_64_TPOFF32 against t is not supported by the x86_64 target");
    }

    @Test
    @DisplayName("x86_64-vtbl: a vtable marker is an address with ordinary semantics")
    void vtableAddress() {
        Section s = Section.of("48 8d 05 00 00 00 00", 3, "__race_vtbl_1a_1b");
        x86.patchAddress(s.site(), R_X86_64_PC32, P0 + 0x100, -4, s.p());
        assertThat(s.hex()).isEqualTo("48 8d 05 f9 00 00 00");
    }
}
