package dev.race.layout;

import dev.race.steg.model.Item;
import dev.race.steg.model.PrimKind;
import dev.race.steg.model.Repr;
import dev.race.steg.model.Shape;
import dev.race.steg.model.Type;
import dev.race.steg.model.Visibility;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.race.layout.M.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StructLayoutTest {

    private static long[] offsets(TypeLayout l) {
        return l.fields().stream().mapToLong(FieldLayout::offset).toArray();
    }

    @Test
    void reprCPlacesFieldsInOrderAtTheirAlignment() {
        TypeLayout l = solver(struct("S", C, f("a", U8), f("b", U32), f("c", U16))).layout(p("S"));
        assertThat(offsets(l)).containsExactly(0, 4, 8);
        assertThat(l.size()).isEqualTo(12);
        assertThat(l.align()).isEqualTo(4);
        assertThat(l.strategy()).isEqualTo("c");
        assertThat(l.holes()).containsExactly(new Hole(1, 3), new Hole(10, 2));
    }

    @Test
    void raceReordersByDescendingAlignmentLeavingOnlyTailPadding() {
        TypeLayout l = solver(struct("S", RUST, f("a", U8), f("b", U32), f("c", U16))).layout(p("S"));
        assertThat(offsets(l)).containsExactly(6, 0, 4);
        assertThat(l.size()).isEqualTo(8);
        assertThat(l.strategy()).isEqualTo("race");
        assertThat(l.holes()).containsExactly(new Hole(7, 1));
        // declaration order is kept in the field list
        assertThat(l.fields()).extracting(FieldLayout::name).containsExactly("a", "b", "c");
    }

    @Test
    void racePutsTheLargestNicheFirstWithinAnAlignmentGroup() {
        TypeLayout l = solver(struct("S", RUST, f("a", U8), f("b", BOOL))).layout(p("S"));
        assertThat(offsets(l)).containsExactly(1, 0);
        assertThat(l.niche()).isEqualTo(new Niche(0, 1, java.math.BigInteger.ZERO, java.math.BigInteger.ONE));
    }

    @Test
    void u128IsSixteenByteAligned() {
        TypeLayout l = solver(struct("S", C, f("a", U8), f("b", U128))).layout(p("S"));
        assertThat(offsets(l)).containsExactly(0, 16);
        assertThat(l.size()).isEqualTo(32);
        assertThat(l.align()).isEqualTo(16);
    }

    @Test
    void packedCapsFieldAlignment() {
        LayoutSolver s = solver(
                struct("P1", packed(Repr.Kind.C, 1), f("a", U8), f("b", U32), f("c", U16)),
                struct("P2", packed(Repr.Kind.C, 2), f("a", U8), f("b", U32), f("c", U16)),
                struct("P4", packed(Repr.Kind.C, 4), f("a", U8), f("b", U64)));
        assertThat(offsets(s.layout(p("P1")))).containsExactly(0, 1, 5);
        assertThat(s.sizeOf(p("P1"))).isEqualTo(7);
        assertThat(s.alignOf(p("P1"))).isEqualTo(1);
        assertThat(offsets(s.layout(p("P2")))).containsExactly(0, 2, 6);
        assertThat(s.sizeOf(p("P2"))).isEqualTo(8);
        assertThat(s.alignOf(p("P2"))).isEqualTo(2);
        assertThat(offsets(s.layout(p("P4")))).containsExactly(0, 4);
        assertThat(s.sizeOf(p("P4"))).isEqualTo(12);
    }

    @Test
    void alignRaisesStructAlignmentAndRoundsTheSize() {
        LayoutSolver s = solver(struct("A", aligned(Repr.Kind.C, 16), f("a", U8)),
                struct("B", aligned(Repr.Kind.RUST, 8), f("a", U16), f("b", U8)),
                struct("Outer", C, f("x", U8), f("a", named("A"))));
        assertThat(s.sizeOf(p("A"))).isEqualTo(16);
        assertThat(s.alignOf(p("A"))).isEqualTo(16);
        assertThat(s.sizeOf(p("B"))).isEqualTo(8);
        assertThat(s.offsetOf(p("Outer"), List.of("a"))).isEqualTo(16);
        assertThat(s.sizeOf(p("Outer"))).isEqualTo(32);
    }

    @Test
    void zeroSizedFieldsTakeNoSpace() {
        TypeLayout l = solver(struct("S", C, f("a", U8), f("z", Type.UNIT), f("b", U8))).layout(p("S"));
        assertThat(offsets(l)).containsExactly(0, 1, 1);
        assertThat(l.size()).isEqualTo(2);
    }

    @Test
    void arraysOptionsAndTuplesAsFields() {
        LayoutSolver s = solver(struct("S", C, f("a", U8), f("arr", arr(U16, 3)), f("o", opt(U32)),
                f("t", tup(U8, U32))));
        TypeLayout l = s.layout(p("S"));
        // [u16; 3]: 6 bytes, align 2; Option<u32>: 8 bytes, align 4 (tag, then the u32); (u8, u32): 8, align 4
        assertThat(offsets(l)).containsExactly(0, 2, 8, 16);
        assertThat(l.size()).isEqualTo(24);
        assertThat(s.offsetOf(p("S"), List.of("t", "1"))).isEqualTo(20);
    }

    @Test
    void tuplesKeepTheirLastElementLastAsRustcDoes() {
        LayoutSolver s = solver();
        TypeLayout t = s.layout(tup(U8, BOOL, U128));
        // (u8, bool, u128): bool (the niche) first, then u8, and the last element stays last
        assertThat(offsets(t)).containsExactly(1, 0, 16);
        assertThat(t.size()).isEqualTo(32);
        assertThat(t.display()).isEqualTo("(u8, bool, u128)");
        assertThat(offsets(s.layout(tup(U32, U8, U16)))).containsExactly(0, 4, 6);
        assertThat(s.layout(tup(U8)).display()).isEqualTo("(u8,)");
    }

    @Test
    void pointersAreOneWordOrTwoForUnsizedTargets() {
        LayoutSolver s = solver();
        Type tr = new Type.Dyn(p("Tr"));
        assertThat(s.layout(ref(U8)).size()).isEqualTo(8);
        assertThat(s.layout(ref(Type.STR)).size()).isEqualTo(16);
        assertThat(s.layout(new Type.BoxOf(tr)).size()).isEqualTo(16);
        assertThat(s.layout(new Type.RawPtr(false, new Type.Slice(U8))).size()).isEqualTo(16);
        assertThat(s.layout(new Type.FnPtr("C", List.of(U8), U32)).size()).isEqualTo(8);
        assertThat(s.layout(new Type.FnPtr("C", List.of(U8), U32)).display()).isEqualTo("extern \"C\" fn(u8) -> u32");
        // references are non-null: a niche of exactly one value; raw thin pointers have none
        assertThat(s.layout(ref(U8)).niche().available()).isEqualTo(java.math.BigInteger.ONE);
        assertThat(s.layout(new Type.RawPtr(true, U8)).niche()).isNull();
        // the vtable of a raw trait-object pointer is still non-null
        assertThat(s.layout(new Type.RawPtr(true, tr)).niche().offset()).isEqualTo(8);
    }

    @Test
    void transparentTakesTheLayoutAndNicheOfItsOneSizedField() {
        LayoutSolver s = solver(
                struct("W", TRANSPARENT, f("z", Type.UNIT), f("r", ref(U8))),
                struct("Two", TRANSPARENT, f("a", U8), f("b", U32)),
                struct("BadZst", TRANSPARENT, f("a", U32), f("z", arr(U64, 0))),
                struct("None_", TRANSPARENT, f("z", Type.UNIT)));
        TypeLayout w = s.layout(p("W"));
        assertThat(w.size()).isEqualTo(8);
        assertThat(w.align()).isEqualTo(8);
        assertThat(w.strategy()).isEqualTo("transparent");
        assertThat(w.niche()).isNotNull();
        assertThat(s.layout(opt(named("W"))).size()).isEqualTo(8);
        assertThatThrownBy(() -> s.layout(p("Two"))).isInstanceOf(LayoutException.class)
                .hasMessage("t::Two: repr(transparent) needs exactly one non-zero-sized field, found 2 (a, b)");
        assertThatThrownBy(() -> s.layout(p("BadZst"))).isInstanceOf(LayoutException.class)
                .hasMessageContaining("t::BadZst").hasMessageContaining("`z` has alignment 8");
        assertThatThrownBy(() -> s.layout(p("None_"))).hasMessageContaining("found 0");
    }

    @Test
    void frozenIsReportedAndChangesNothing() {
        Item.Struct frozen = struct("B", C, f("a", U8), f("b", U64));
        Item.Struct plain = new Item.Struct(p("A"), Visibility.PUBLIC, C, false, false, Shape.NAMED, frozen.fields());
        LayoutSolver s = solver(plain, frozen);
        assertThat(s.layout(p("B")).frozen()).isTrue();
        assertThat(s.layout(p("A")).frozen()).isFalse();
        assertThat(offsets(s.layout(p("B")))).containsExactly(offsets(s.layout(p("A"))));
        assertThat(s.layout(p("B")).strategy()).isEqualTo("c");
    }

    @Test
    void typesOfOtherCratesAreEmbeddedByValue() {
        LayoutSolver s = new LayoutSolver(TargetSpec.named("aarch64"), List.of(
                crate("a", struct("a::P", C, f("x", t(PrimKind.F64)))),
                crate("b", struct("b::Q", C, f("t", U8), f("p", named("a::P"))))));
        assertThat(s.sizeOf(p("b::Q"))).isEqualTo(16);
        assertThat(s.offsetOf(p("b::Q"), List.of("p", "x"))).isEqualTo(8);
        assertThat(s.solveAll().layouts()).extracting(l -> l.path().toString()).containsExactly("a::P", "b::Q");
    }

    @Test
    void aliasesHaveTheLayoutOfTheirTarget() {
        LayoutSolver s = solver(struct("S", C, f("a", U32)),
                new Item.TypeAlias(p("Al"), Visibility.PUBLIC, named("S")),
                new Item.TypeAlias(p("Pair"), Visibility.PUBLIC, tup(U8, U64)),
                struct("User", C, f("x", named("Al")), f("y", named("Pair"))));
        assertThat(s.layout(p("Al"))).isEqualTo(s.layout(p("S")));
        assertThat(s.sizeOf(p("Pair"))).isEqualTo(16);
        assertThat(s.sizeOf(p("User"))).isEqualTo(24);
    }

    @Test
    void holesAreSortedAndIncludeTailPadding() {
        TypeLayout l = solver(struct("S", C, f("a", U8), f("b", U64), f("c", U8), f("d", U16))).layout(p("S"));
        assertThat(l.holes()).containsExactly(new Hole(1, 7), new Hole(17, 1), new Hole(20, 4));
    }

    @Test
    void solveAllCallsItsCheckpointBeforeEachTypeAndStopsWhenItThrows() {
        LayoutSolver all = solver(struct("A", C, f("a", U8)), struct("B", C, f("b", U32)), struct("C", C, f("c", U16)));
        int[] calls = {0};
        LayoutResult r = all.solveAll(() -> calls[0]++);
        assertThat(calls[0]).isEqualTo(3);
        assertThat(r.errors()).isEmpty();

        // a caller stops a long solve (a cancelled link) by throwing: the exception leaves solveAll
        LayoutSolver stopped = solver(struct("A", C, f("a", U8)), struct("B", C, f("b", U32)), struct("C", C, f("c", U16)));
        int[] before = {0};
        assertThatThrownBy(() -> stopped.solveAll(() -> {
            if (++before[0] == 2) throw new IllegalStateException("stop");
        })).isInstanceOf(IllegalStateException.class).hasMessage("stop");
        assertThat(before[0]).isEqualTo(2);
    }
}
