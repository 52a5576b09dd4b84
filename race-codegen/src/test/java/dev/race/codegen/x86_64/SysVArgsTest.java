package dev.race.codegen.x86_64;

import dev.race.codegen.ArgLoc;
import dev.race.codegen.ArgShape;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The psABI §3.2.3 classification and assignment, on argument lists whose placement gcc shows. */
class SysVArgsTest {
    private static final ArgShape L = ArgShape.integer("long", 8);
    private static final ArgShape I128 = ArgShape.integer("__int128", 16);

    private static List<String> places(ArgShape... args) {
        List<String> out = new ArrayList<>();
        for (List<ArgLoc> parts : SysVArgs.assign(List.of(args)).parts()) {
            List<String> p = new ArrayList<>();
            parts.forEach(l -> p.add(SysVArgs.name(l)));
            out.add(String.join(",", p));
        }
        return out;
    }

    @Test
    void anInt128IsNeverSplitAndLeavesTheFreeRegisterToLaterArguments() {
        // gcc -O2: g2(1, 2, 3, 4, 5, (__int128)8, 9) pushes the __int128 and passes 9 in %r9
        assertThat(places(L, L, L, L, L, I128, L))
                .containsExactly("%rdi", "%rsi", "%rdx", "%rcx", "%r8", "8(%rsp),16(%rsp)", "%r9");
        // g(1..6, 7, (__int128)8, 9): 7 at 8(%rsp), the __int128 16-byte aligned at 24(%rsp), 9 after it
        assertThat(places(L, L, L, L, L, L, L, I128, L)).endsWith("8(%rsp)", "24(%rsp),32(%rsp)", "40(%rsp)");
    }

    @Test
    void eightbytesAreClassifiedByTheirPieces() {
        ArgShape optF64 = new ArgShape("Option<f64>", 16, 8, List.of(new ArgShape.Piece(0, 8, ArgShape.Kind.INTEGER),
                new ArgShape.Piece(8, 8, ArgShape.Kind.FLOAT)));
        ArgShape optF32 = new ArgShape("Option<f32>", 8, 4, List.of(new ArgShape.Piece(0, 4, ArgShape.Kind.INTEGER),
                new ArgShape.Piece(4, 4, ArgShape.Kind.FLOAT)));
        ArgShape d = ArgShape.floating("double", 8);
        // INTEGER + SSE; a mixed eightbyte is INTEGER; a plain double is SSE
        assertThat(places(optF64, optF32, d)).containsExactly("%rdi,%xmm0", "%rsi", "%xmm1");
        ArgShape big = new ArgShape("struct { long a, b, c; }", 24, 8, List.of(
                new ArgShape.Piece(0, 8, ArgShape.Kind.INTEGER), new ArgShape.Piece(8, 8, ArgShape.Kind.INTEGER),
                new ArgShape.Piece(16, 8, ArgShape.Kind.INTEGER)));
        // larger than 16 bytes: MEMORY, copied to the stack
        assertThat(places(L, big, L)).containsExactly("%rdi", "8(%rsp),16(%rsp),24(%rsp)", "%rsi");
    }
}
