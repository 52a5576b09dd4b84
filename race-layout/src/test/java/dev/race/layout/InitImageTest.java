package dev.race.layout;

import dev.race.steg.lang.CompileResult;
import dev.race.steg.lang.Source;
import dev.race.steg.lang.StegCompiler;
import dev.race.steg.model.Path;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The init image of a struct: its solved bytes, zero except for defaults and nested structs' own images. */
class InitImageTest {
    private static LayoutSolver solver(String src) {
        CompileResult r = StegCompiler.compile(new Source("e.steg", src));
        assertThat(r.diagnostics()).isEmpty();
        return new LayoutSolver(TargetSpec.named("x86_64"), r.crates());
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Test
    void defaultsSitAtTheirSolvedOffsetsLittleEndianAtTheirWidth() {
        LayoutSolver s = solver("""
                crate e 1.0.0;
                #[repr(C)]
                pub struct T { pub a: u8 = 7, pub b: i32 = -2, pub c: u16, pub d: bool = true, pub e: u64 = 0x0102030405060708 }
                """);
        // repr(C): a@0, pad, b@4, c@8 (no default: zero), d@10, pad, e@16; size 24
        assertThat(hex(s.initImage(Path.of("e", "T")))).isEqualTo(
                "07000000" + "feffffff" + "0000" + "01" + "00" + "00000000" + "0807060504030201");
    }

    @Test
    void aResilientStructUsesTheSolvedLayoutAndNestedStructsTheirOwnImage() {
        LayoutSolver s = solver("""
                crate e 1.0.0;
                pub struct Inner { pub x: u32, pub y: u8 = 9 }
                pub struct Outer { pub flag: u8 = 1, pub inner: Inner, pub two: [Inner; 2], pub n: i16 = -1 }
                """);
        byte[] img = s.initImage(Path.of("e", "Outer"));
        assertThat(img).hasSize((int) s.sizeOf(Path.of("e", "Outer")));
        long inner = s.offsetOf(Path.of("e", "Outer"), List.of("inner", "y"));
        long two = s.offsetOf(Path.of("e", "Outer"), List.of("two"));
        long innerSize = s.sizeOf(Path.of("e", "Inner"));
        long innerY = s.offsetOf(Path.of("e", "Inner"), List.of("y"));
        long flag = s.offsetOf(Path.of("e", "Outer"), List.of("flag"));
        long n = s.offsetOf(Path.of("e", "Outer"), List.of("n"));
        byte[] expected = new byte[img.length];
        expected[(int) flag] = 1;
        expected[(int) inner] = 9;
        expected[(int) (two + innerY)] = 9;
        expected[(int) (two + innerSize + innerY)] = 9;
        expected[(int) n] = (byte) 0xff;
        expected[(int) n + 1] = (byte) 0xff;
        assertThat(hex(img)).isEqualTo(hex(expected));
        // deterministic
        assertThat(s.initImage(Path.of("e", "Outer"))).isEqualTo(img);
    }

    @Test
    void onlyAStructHasAnImage() {
        LayoutSolver s = solver("crate e 1.0.0;\npub enum E { A, B }\n");
        assertThatThrownBy(() -> s.initImage(Path.of("e", "E"))).isInstanceOf(LayoutException.class)
                .hasMessageContaining("e::E is not a struct: only a struct has an init image");
    }
}
