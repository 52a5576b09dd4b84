package dev.race.codegen;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The target-neutral move ordering of default-method trampolines. */
class TrampolineMovesTest {
    private static final ArgShape L = ArgShape.integer("l", 8);

    private static TrampolineMoves plan(List<ArgShape> args, List<List<ArgLoc>> from, List<List<ArgLoc>> to) {
        return TrampolineMoves.plan("t", args, from, to, 9, l -> l.where() + "" + l.n());
    }

    @Test
    void aChainIsMovedLastFirst() {
        TrampolineMoves m = plan(List.of(L, L, L),
                List.of(List.of(ArgLoc.gpr(1)), List.of(ArgLoc.gpr(2)), List.of(ArgLoc.gpr(3))),
                List.of(List.of(ArgLoc.gpr(2)), List.of(ArgLoc.gpr(3)), List.of(ArgLoc.gpr(4))));
        assertThat(m.needsFrame()).isFalse();
        assertThat(m.registerMoves()).containsExactly(
                new TrampolineMoves.Move(ArgLoc.gpr(3), ArgLoc.gpr(4)),
                new TrampolineMoves.Move(ArgLoc.gpr(2), ArgLoc.gpr(3)),
                new TrampolineMoves.Move(ArgLoc.gpr(1), ArgLoc.gpr(2)));
    }

    @Test
    void aCycleGoesThroughTheScratchRegister() {
        TrampolineMoves m = plan(List.of(L, L), List.of(List.of(ArgLoc.gpr(1)), List.of(ArgLoc.gpr(2))),
                List.of(List.of(ArgLoc.gpr(2)), List.of(ArgLoc.gpr(1))));
        // x2 saved in x9, x1 -> x2, then x9 -> x1
        assertThat(m.registerMoves()).containsExactly(
                new TrampolineMoves.Move(ArgLoc.gpr(2), ArgLoc.gpr(9)),
                new TrampolineMoves.Move(ArgLoc.gpr(1), ArgLoc.gpr(2)),
                new TrampolineMoves.Move(ArgLoc.gpr(9), ArgLoc.gpr(1)));
    }

    @Test
    void unchangedStackWordsNeedNoFrameAndMovedOnesDo() {
        TrampolineMoves same = plan(List.of(L), List.of(List.of(ArgLoc.stack(0))), List.of(List.of(ArgLoc.stack(0))));
        assertThat(same.needsFrame()).isFalse();
        assertThat(same.stores()).isEmpty();
        TrampolineMoves moved = plan(List.of(L, L), List.of(List.of(ArgLoc.gpr(7)), List.of(ArgLoc.stack(0))),
                List.of(List.of(ArgLoc.stack(0)), List.of(ArgLoc.stack(8))));
        assertThat(moved.needsFrame()).isTrue();
        assertThat(moved.stores()).containsExactly(new TrampolineMoves.Move(ArgLoc.gpr(7), ArgLoc.stack(0)),
                new TrampolineMoves.Move(ArgLoc.stack(0), ArgLoc.stack(8)));
    }

    @Test
    void aVectorRegisterThatWouldMoveIsRefused() {
        ArgShape d = ArgShape.floating("parameter `x: f64`", 8);
        assertThatThrownBy(() -> plan(List.of(d), List.of(List.of(ArgLoc.fpr(1))), List.of(List.of(ArgLoc.fpr(0)))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("t: inserting the vtable argument would move parameter `x: f64` from FPR1 to FPR0, and a "
                        + "trampoline moves only general-register and stack words");
    }
}
