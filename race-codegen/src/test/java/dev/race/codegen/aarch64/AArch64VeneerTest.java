package dev.race.codegen.aarch64;

import dev.race.codegen.Location;
import dev.race.codegen.PatchSite;
import dev.race.codegen.Stub;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static dev.race.format.elf.RelocationTypes.R_AARCH64_CALL26;
import static dev.race.format.elf.RelocationTypes.R_AARCH64_CONDBR19;
import static dev.race.format.elf.RelocationTypes.R_AARCH64_JUMP26;
import static org.assertj.core.api.Assertions.assertThat;

/** The range-extension veneer: its words once patched, and where a branch stops reaching (AAELF64 §5.7, B/BL). */
class AArch64VeneerTest {
    private final AArch64Target t = new AArch64Target();

    @Test
    void theVeneerIsAdrpAddBrX16PatchedThroughTheOrdinaryEncoders() {
        Stub s = t.rangeExtensionThunk();
        byte[] code = s.code();
        ByteBuffer view = ByteBuffer.wrap(code).order(ByteOrder.LITTLE_ENDIAN);
        long place = 0x401000;
        long dest = 0x9412345;
        for (Stub.Reloc r : s.relocs()) {
            assertThat(r.ref()).isEqualTo(Stub.Ref.TARGET);
            t.relocate(new PatchSite(view, r.offset(), new Location("veneer", ".text", r.offset(), "dest")),
                    r.elfType(), dest, r.addend(), place + r.offset());
        }
        // adrp x16, page(dest): immhi:immlo = (0x9412000 - 0x401000) >> 12 = 0x9011
        int pages = (int) ((dest & ~0xfffL) - (place & ~0xfffL)) >> 12;
        int adrp = 0x90000000 | ((pages & 3) << 29) | (((pages >> 2) & 0x7ffff) << 5) | 16;
        assertThat(view.getInt(0)).isEqualTo(adrp);
        assertThat(view.getInt(4)).isEqualTo(0x91000000 | (0x345 << 10) | (16 << 5) | 16); // add x16, x16, #0x345
        assertThat(view.getInt(8)).isEqualTo(0xd61f0200);                                  // br x16
    }

    @Test
    void branchesReachPlusOrMinus128MiBAndNoFurther() {
        long p = 0x10000000L;
        for (int type : new int[] {R_AARCH64_CALL26, R_AARCH64_JUMP26}) {
            assertThat(t.branchOutOfRange(type, p + (1L << 27) - 4, 0, p)).isFalse();
            assertThat(t.branchOutOfRange(type, p + (1L << 27), 0, p)).isTrue();
            assertThat(t.branchOutOfRange(type, p - (1L << 27), 0, p)).isFalse();
            assertThat(t.branchOutOfRange(type, p - (1L << 27) - 4, 0, p)).isTrue();
        }
        assertThat(t.branchOutOfRange(R_AARCH64_CONDBR19, p + (1L << 30), 0, p)).isFalse(); // not a veneer case
    }
}
