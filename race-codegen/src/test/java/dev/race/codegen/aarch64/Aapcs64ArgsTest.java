package dev.race.codegen.aarch64;

import dev.race.codegen.ArgLoc;
import dev.race.codegen.ArgShape;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The AAPCS64 §6.8.2 register model, rule by rule, on argument lists whose placement GCC and Clang agree on. */
class Aapcs64ArgsTest {
    private static final ArgShape I32 = ArgShape.integer("int", 4);
    private static final ArgShape I128 = ArgShape.integer("__int128", 16);
    /** clang's arm64-aapcs-arguments.c: {@code typedef union { __int128 a; } Small;}, a composite aligned to 16 */
    private static final ArgShape SMALL = new ArgShape("Small", 16, 16,
            List.of(new ArgShape.Piece(0, 16, ArgShape.Kind.INTEGER)));

    private static List<String> places(ArgShape... args) {
        List<String> out = new ArrayList<>();
        for (List<ArgLoc> parts : Aapcs64Args.assign(List.of(args)).parts()) {
            List<String> p = new ArrayList<>();
            parts.forEach(l -> p.add(Aapcs64Args.name(l)));
            out.add(String.join(",", p));
        }
        return out;
    }

    @Test
    void sixteenByteAlignedArgumentsTakeEvenPairsThenTheStack() {
        // void test1(int x0, __int128 x2_x3, __int128 x4_x5, __int128 x6_x7, Small sp): C.8, C.9, C.11-C.13
        assertThat(places(I32, I128, I128, I128, SMALL))
                .containsExactly("x0", "x2,x3", "x4,x5", "x6,x7", "[sp+0],[sp+8]");
        // void test2(int x0, Small x2_x3, int x4, Small x6_x7, int sp, Small sp16): C.10 after C.8; NSAA rounded
        // up to 16 for the last (C.12)
        assertThat(places(I32, SMALL, I32, SMALL, I32, SMALL))
                .containsExactly("x0", "x2,x3", "x4", "x6,x7", "[sp+0]", "[sp+16],[sp+24]");
    }

    @Test
    void floatsAndHfasUseVectorRegistersIndependently() {
        ArgShape f = ArgShape.floating("float", 4);
        ArgShape hfa = new ArgShape("struct { float arr[4]; }", 16, 4, List.of(
                new ArgShape.Piece(0, 4, ArgShape.Kind.FLOAT), new ArgShape.Piece(4, 4, ArgShape.Kind.FLOAT),
                new ArgShape.Piece(8, 4, ArgShape.Kind.FLOAT), new ArgShape.Piece(12, 4, ArgShape.Kind.FLOAT)));
        // clang's test3(HFA s0_s3, float s4, HFA sp, HFA sp16): C.2, C.1, then C.3-C.6 (NSRN = 8, so the last HFA
        // goes to the stack too although v5..v7 are free)
        assertThat(places(hfa, f, hfa, hfa)).containsExactly("v0,v1,v2,v3", "v4", "[sp+0],[sp+8]", "[sp+16],[sp+24]");
        // a float on the stack takes 8 bytes (C.5); integers keep counting x registers
        List<ArgShape> nine = new ArrayList<>();
        for (int i = 0; i < 9; i++) nine.add(f);
        nine.add(I32);
        nine.add(f);
        assertThat(places(nine.toArray(new ArgShape[0]))).endsWith("v7", "[sp+0]", "x0", "[sp+8]");
    }

    @Test
    void aCompositeLargerThanSixteenBytesIsPassedByReference() {
        ArgShape big = new ArgShape("struct { long a, b, c; }", 24, 8, List.of(
                new ArgShape.Piece(0, 8, ArgShape.Kind.INTEGER), new ArgShape.Piece(8, 8, ArgShape.Kind.INTEGER),
                new ArgShape.Piece(16, 8, ArgShape.Kind.INTEGER)));
        // B.3: replaced by a pointer to a copy
        assertThat(places(I32, big, I32)).containsExactly("x0", "x1", "x2");
    }
}
