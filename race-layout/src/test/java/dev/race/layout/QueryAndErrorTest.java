package dev.race.layout;

import dev.race.steg.model.FnSig;
import dev.race.steg.model.Item;
import dev.race.steg.model.Path;
import dev.race.steg.model.Type;
import dev.race.steg.model.Visibility;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.TreeSet;

import static dev.race.layout.M.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryAndErrorTest {

    private static LayoutSolver nested() {
        return solver(
                struct("Inner", C, f("a", U8), f("b", U32)),
                enumOf("Shape", RUST, v("Circle", t(dev.race.steg.model.PrimKind.F32)),
                        v("Rect", U16, U32), v("Empty")),
                struct("Outer", C, f("h", U8), f("inner", named("Inner")), f("pair", tup(U8, U64)),
                        f("shape", named("Shape")), f("maybe", opt(named("Inner")))));
    }

    @Test
    void offsetOfFollowsNestedStructAndTupleFields() {
        LayoutSolver s = nested();
        assertThat(s.offsetOf(p("Outer"), List.of("inner"))).isEqualTo(4);
        assertThat(s.offsetOf(p("Outer"), List.of("inner", "b"))).isEqualTo(8);
        // (u8, u64) at 16: a tuple keeps its last element last, so .0 at 0 and .1 at 8
        assertThat(s.offsetOf(p("Outer"), List.of("pair", "0"))).isEqualTo(16);
        assertThat(s.offsetOf(p("Outer"), List.of("pair", "1"))).isEqualTo(24);
    }

    @Test
    void offsetOfGoesThroughEnumVariants() {
        LayoutSolver s = nested();
        // Shape: Rect's fields by ascending alignment (u16 at 2, u32 at 4); the tag grows to a u16
        assertThat(s.offsetOf(p("Shape"), List.of("Circle", "0"))).isEqualTo(4);
        assertThat(s.offsetOf(p("Shape"), List.of("Rect", "0"))).isEqualTo(2);
        assertThat(s.offsetOf(p("Shape"), List.of("Rect", "1"))).isEqualTo(4);
        assertThat(s.layout(p("Shape")).tag()).isEqualTo(new TagLayout(0, 2, false));
        assertThat(s.offsetOf(p("Shape"), List.of("Empty"))).isZero();
        long shape = s.offsetOf(p("Outer"), List.of("shape"));
        assertThat(s.offsetOf(p("Outer"), List.of("shape", "Rect", "1"))).isEqualTo(shape + 4);
        long maybe = s.offsetOf(p("Outer"), List.of("maybe"));
        assertThat(s.offsetOf(p("Outer"), List.of("maybe", "Some", "0", "b"))).isEqualTo(maybe + 4 + 4);
    }

    @Test
    void offsetOfAMissingMemberNamesItAndListsTheFields() {
        LayoutSolver s = nested();
        assertThatThrownBy(() -> s.offsetOf(p("Outer"), List.of("inner", "zz")))
                .isInstanceOf(LayoutException.class)
                .hasMessage("t::Outer: no field `zz` in t::Outer.inner (type t::Inner); its fields are: a, b");
        assertThatThrownBy(() -> s.offsetOf(p("Shape"), List.of("Square", "0")))
                .hasMessage("t::Shape: no variant `Square` in t::Shape (enum t::Shape); its variants are: "
                        + "Circle, Rect, Empty");
        assertThatThrownBy(() -> s.offsetOf(p("Outer"), List.of("h", "x")))
                .hasMessage("t::Outer: no field `x` in t::Outer.h (type u8); its fields are: (none)");
    }

    @Test
    void unknownTypesAreReportedWithTheItemThatNamesThem() {
        LayoutSolver s = solver(struct("S", C, f("a", U8), f("b", named("Nope"))), struct("Fine", C, f("a", U8)));
        LayoutResult r = s.solveAll();
        assertThat(r.layouts()).extracting(TypeLayout::path).containsExactly(p("Fine"));
        assertThat(r.errors()).hasSize(1);
        assertThat(r.errors().get(0).item()).isEqualTo(p("S"));
        assertThat(r.errors().get(0)).hasMessage("t::S: unknown type t::Nope (no crate of the link declares it)");
        assertThatThrownBy(() -> s.layout(p("Missing"))).hasMessage("t::Missing: unknown type t::Missing");
    }

    @Test
    void unsizedTypesCannotBeHeldByValue() {
        LayoutSolver s = solver(struct("S", RUST, f("s", Type.STR)));
        assertThatThrownBy(() -> s.layout(p("S"))).isInstanceOf(LayoutException.class)
                .hasMessageStartingWith("t::S: unsized type `str` cannot be used by value");
        assertThatThrownBy(() -> s.layout(new Type.Slice(U8))).hasMessageStartingWith("unsized type `[u8]`");
        assertThatThrownBy(() -> s.layout(new Type.Dyn(p("Tr")))).hasMessageStartingWith("unsized type `dyn t::Tr`");
    }

    @Test
    void byValueCyclesAreRefusedButPointersBreakThem() {
        LayoutSolver s = solver(struct("A", RUST, f("b", named("B"))), struct("B", RUST, f("a", opt(named("A")))),
                struct("List", RUST, f("v", U32), f("next", opt(new Type.BoxOf(named("List"))))));
        assertThatThrownBy(() -> s.layout(p("A"))).isInstanceOf(LayoutException.class)
                .hasMessageContaining("by-value cycle: t::A -> t::B -> t::A");
        assertThat(s.sizeOf(p("List"))).isEqualTo(16);
        // the failed attempt leaves nothing half-solved behind
        assertThatThrownBy(() -> s.layout(p("B"))).hasMessageContaining("by-value cycle: t::B -> t::A -> t::B");
    }

    @Test
    void oversizedArraysAreRefused() {
        LayoutSolver s = solver(struct("Huge", C, f("a", arr(U64, Long.MAX_VALUE / 4))),
                struct("Sum", C, f("a", arr(U8, Long.MAX_VALUE - 1)), f("b", U64)));
        assertThatThrownBy(() -> s.layout(p("Huge"))).hasMessage("t::Huge: size overflows a signed 64-bit integer");
        assertThatThrownBy(() -> s.layout(p("Sum"))).hasMessage("t::Sum: size overflows a signed 64-bit integer");
        assertThatThrownBy(() -> s.layout(arr(arr(U64, 1L << 40), 1L << 40)))
                .hasMessage("[[u64; 1099511627776]; 1099511627776]: size overflows a signed 64-bit integer");
    }

    @Test
    void nonTypeItemsHaveNoLayout() {
        Item.Function fn = new Item.Function(p("go"), Visibility.PUBLIC, "go", false,
                new FnSig("Rust", List.of(), Type.UNIT, new TreeSet<>()));
        LayoutSolver s = solver(fn);
        assertThatThrownBy(() -> s.layout(p("go"))).hasMessage("t::go: t::go is a function, not a type with a layout");
    }

    @Test
    void invalidReprModifiersAreRefused() {
        LayoutSolver s = solver(struct("P3", packed(dev.race.steg.model.Repr.Kind.C, 3), f("a", U8)),
                struct("Both", new dev.race.steg.model.Repr(dev.race.steg.model.Repr.Kind.C, 2, 8, null), f("a", U8)));
        assertThatThrownBy(() -> s.layout(p("P3"))).hasMessage("t::P3: packed(3) is not a power of two");
        assertThatThrownBy(() -> s.layout(p("Both"))).hasMessage("t::Both: a struct cannot be both packed and align(N)");
    }

    @Test
    void twoCratesMayNotDeclareTheSameItem() {
        assertThatThrownBy(() -> new LayoutSolver(TargetSpec.named("x86_64"),
                List.of(crate(struct("S", C, f("a", U8))), crate(struct("S", C, f("a", U8))))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("t::S");
    }

    @Test
    void sizeAndAlignQueries() {
        LayoutSolver s = nested();
        assertThat(s.sizeOf(p("Inner"))).isEqualTo(8);
        assertThat(s.alignOf(p("Inner"))).isEqualTo(4);
        assertThat(s.layout(p("Inner"))).isSameAs(s.layout(named("Inner")));
        assertThat(Path.parse("t::Inner")).isEqualTo(p("Inner"));
    }
}
