package dev.race.layout;

import dev.race.steg.model.Item;
import dev.race.steg.model.PrimKind;
import dev.race.steg.model.Repr;
import dev.race.steg.model.Type;
import dev.race.steg.model.Variant;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import static dev.race.layout.M.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Enum encodings, tags and niches; expected values were checked against rustc 1.95 (transmute of values). */
class EnumLayoutTest {

    private static Item.Enum units(String name, int n) {
        List<Variant> vs = new ArrayList<>();
        for (int i = 0; i < n; i++) vs.add(v("V" + i));
        return enumOf(name, RUST, vs.toArray(new Variant[0]));
    }

    private static BigInteger big(long v) {
        return BigInteger.valueOf(v);
    }

    @Test
    void fieldlessEnumsUseTheSmallestTagHoldingTheirDiscriminants() {
        LayoutSolver s = solver(units("E3", 3), units("E256", 256), units("E257", 257));
        TypeLayout e3 = s.layout(p("E3"));
        assertThat(e3.size()).isEqualTo(1);
        assertThat(e3.encoding()).isEqualTo(TypeLayout.Encoding.TAGGED);
        assertThat(e3.tag()).isEqualTo(new TagLayout(0, 1, false));
        // the tag's unused values are a niche: 0..=2 valid, 253 free
        assertThat(e3.niche()).isEqualTo(new Niche(0, 1, big(0), big(2)));
        assertThat(e3.niche().available()).isEqualTo(big(253));
        assertThat(s.tagOf(p("E3"), "V2")).isEqualTo(big(2));
        assertThat(s.sizeOf(p("E256"))).isEqualTo(1);
        assertThat(s.layout(p("E256")).niche()).isNull();
        assertThat(s.layout(p("E257")).tag()).isEqualTo(new TagLayout(0, 2, false));
    }

    @Test
    void negativeDiscriminantsMakeTheTagSigned() {
        LayoutSolver s = solver(
                enumOf("N", RUST, unit("A", -1), v("B")),
                enumOf("W", RUST, unit("A", -129), v("B")),
                enumOf("U", RUST, v("A"), unit("B", 300)),
                enumOf("Big", RUST, v("A"), unit("B", 1L << 40)));
        TypeLayout n = s.layout(p("N"));
        assertThat(n.tag()).isEqualTo(new TagLayout(0, 1, true));
        // -1..=0 as a wrapping range of u8: 255..=0
        assertThat(n.niche()).isEqualTo(new Niche(0, 1, big(255), big(0)));
        assertThat(n.niche().available()).isEqualTo(big(254));
        assertThat(s.tagOf(p("N"), "A")).isEqualTo(big(-1));
        assertThat(s.tagOf(p("N"), "B")).isEqualTo(big(0));
        assertThat(s.layout(p("W")).tag()).isEqualTo(new TagLayout(0, 2, true));
        assertThat(s.layout(p("U")).tag()).isEqualTo(new TagLayout(0, 2, false));
        assertThat(s.layout(p("Big")).tag()).isEqualTo(new TagLayout(0, 8, false));
    }

    @Test
    void explicitReprFixesTheTagType() {
        LayoutSolver s = solver(
                enumOf("R8", intRepr(Repr.Kind.RUST, PrimKind.U8), v("A"), v("B")),
                enumOf("R32", intRepr(Repr.Kind.RUST, PrimKind.I32), v("A"), v("B")),
                enumOf("C", C, v("A"), v("B")),
                enumOf("Bad", intRepr(Repr.Kind.RUST, PrimKind.U8), v("A"), unit("B", 256)));
        assertThat(s.layout(p("R8")).tag()).isEqualTo(new TagLayout(0, 1, false));
        assertThat(s.layout(p("R32")).tag()).isEqualTo(new TagLayout(0, 4, true));
        // repr(C) fieldless: a C int
        assertThat(s.sizeOf(p("C"))).isEqualTo(4);
        assertThatThrownBy(() -> s.layout(p("Bad"))).isInstanceOf(LayoutException.class)
                .hasMessage("t::Bad: discriminant 256 does not fit in the repr type u8");
    }

    @Test
    void reprIntDataEnumsAreAUnionOfTagPrefixedCStructs() {
        // #[repr(u8)] enum D { X(u8, u32), Y(u16, u8) }: each variant is #[repr(C)] struct { tag: u8, fields.. }
        LayoutSolver s = solver(enumOf("D", intRepr(Repr.Kind.RUST, PrimKind.U8), v("X", U8, U32), v("Y", U16, U8)));
        TypeLayout d = s.layout(p("D"));
        assertThat(d.size()).isEqualTo(8);
        assertThat(d.variant("X").fields()).extracting(FieldLayout::offset).containsExactly(1L, 4L);
        assertThat(d.variant("Y").fields()).extracting(FieldLayout::offset).containsExactly(2L, 4L);
    }

    @Test
    void reprCDataEnumsAreTagThenUnion() {
        // #[repr(C, u8)] enum C { X(u8, u32), Y(u64) }: u8 tag, then a union aligned to 8
        LayoutSolver s = solver(enumOf("CE", intRepr(Repr.Kind.C, PrimKind.U8), v("X", U8, U32), v("Y", U64)),
                enumOf("CI", C, v("X", U8), v("Y")));
        TypeLayout c = s.layout(p("CE"));
        assertThat(c.size()).isEqualTo(16);
        assertThat(c.tag()).isEqualTo(new TagLayout(0, 1, false));
        assertThat(c.variant("X").fields()).extracting(FieldLayout::offset).containsExactly(8L, 12L);
        assertThat(c.variant("Y").fields()).extracting(FieldLayout::offset).containsExactly(8L);
        // repr(C) without an int type: C int tag, union after it
        assertThat(s.layout(p("CI")).tag()).isEqualTo(new TagLayout(0, 4, false));
        assertThat(s.sizeOf(p("CI"))).isEqualTo(8);
    }

    @Test
    void taggedDataEnumsWidenTheTagIntoThePaddingBeforeTheFirstFields() {
        // enum R { A(u32), B(u64) }: rustc stores the tag as a u32 (the smallest first-field alignment)
        LayoutSolver s = solver(enumOf("R", RUST, v("A", U32), v("B", U64)));
        TypeLayout r = s.layout(p("R"));
        assertThat(r.size()).isEqualTo(16);
        assertThat(r.encoding()).isEqualTo(TypeLayout.Encoding.TAGGED);
        assertThat(r.tag()).isEqualTo(new TagLayout(0, 4, false));
        assertThat(r.variant("A").fields().get(0).offset()).isEqualTo(4);
        assertThat(r.variant("B").fields().get(0).offset()).isEqualTo(8);
        assertThat(s.tagOf(p("R"), "B")).isEqualTo(big(1));
    }

    @Test
    void taggedVariantFieldsAreSortedByAscendingAlignment() {
        TypeLayout l = solver(enumOf("E", RUST, v("A", U64, U8, U16), v("B"))).layout(p("E"));
        // tag at 0, then u8 at 1, u16 at 2, u64 at 8
        assertThat(l.variant("A").fields()).extracting(FieldLayout::offset).containsExactly(8L, 1L, 2L);
        assertThat(l.size()).isEqualTo(16);
    }

    @Test
    void nicheEncodingPutsOtherVariantsAroundTheNiche() {
        // enum Q { A([u8; 3], bool), B([u8; 2]) }: bool first in A; B's bytes fit after it; B is stored as bool = 2
        LayoutSolver s = solver(enumOf("Q", RUST, v("A", arr(U8, 3), BOOL), v("B", arr(U8, 2))));
        TypeLayout q = s.layout(p("Q"));
        assertThat(q.size()).isEqualTo(4);
        assertThat(q.encoding()).isEqualTo(TypeLayout.Encoding.NICHE);
        assertThat(q.tag()).isEqualTo(new TagLayout(0, 1, false));
        assertThat(q.variant("A").fields()).extracting(FieldLayout::offset).containsExactly(1L, 0L);
        assertThat(q.variant("B").fields()).extracting(FieldLayout::offset).containsExactly(1L);
        assertThat(s.tagOf(p("Q"), "B")).isEqualTo(big(2));
        assertThat(q.niche()).isEqualTo(new Niche(0, 1, big(0), big(2)));
        assertThatThrownBy(() -> s.tagOf(p("Q"), "A")).isInstanceOf(LayoutException.class)
                .hasMessageContaining("`A` is the dataful variant of niche-encoded enum t::Q");
    }

    @Test
    void aNicheTooSmallForTheOtherVariantsFallsBackToATag() {
        // a reference has one invalid value (null): enough for one other variant, not two
        LayoutSolver s = solver(enumOf("P", RUST, v("A", ref(U8)), v("B"), v("C")),
                enumOf("P1", RUST, v("A", ref(U8)), v("B")));
        assertThat(s.sizeOf(p("P"))).isEqualTo(16);
        assertThat(s.layout(p("P")).tag()).isEqualTo(new TagLayout(0, 8, false));
        assertThat(s.sizeOf(p("P1"))).isEqualTo(8);
        assertThat(s.tagOf(p("P1"), "B")).isEqualTo(big(0));
    }

    @Test
    void onATieTheLayoutWithTheLargerNicheWins() {
        // enum T { A(u32, bool), B(u8) }: both layouts take 8 bytes; the tag (254 free values) beats bool (253)
        TypeLayout t = solver(enumOf("T", RUST, v("A", U32, BOOL), v("B", U8))).layout(p("T"));
        assertThat(t.size()).isEqualTo(8);
        assertThat(t.encoding()).isEqualTo(TypeLayout.Encoding.TAGGED);
    }

    @Test
    void optionUsesNichesExactlyAsTheEnumNoneOrSome() {
        LayoutSolver s = solver(units("E3", 3), struct("WithRef", RUST, f("a", U8), f("r", ref(U32))));
        assertThat(s.layout(opt(ref(U8))).size()).isEqualTo(8);
        assertThat(s.layout(opt(new Type.BoxOf(Type.STR))).size()).isEqualTo(16);
        assertThat(s.layout(opt(new Type.FnPtr("Rust", List.of(), Type.UNIT))).size()).isEqualTo(8);
        assertThat(s.layout(opt(new Type.RawPtr(false, U8))).size()).isEqualTo(16);
        assertThat(s.layout(opt(BOOL)).size()).isEqualTo(1);
        assertThat(s.layout(opt(CHAR)).size()).isEqualTo(4);
        assertThat(s.layout(opt(opt(BOOL))).size()).isEqualTo(1);
        assertThat(s.layout(opt(named("E3"))).size()).isEqualTo(1);
        assertThat(s.layout(opt(named("WithRef"))).size()).isEqualTo(16);
        assertThat(s.layout(opt(tup(U8, BOOL))).size()).isEqualTo(2);
        assertThat(s.layout(opt(U32)).size()).isEqualTo(8);
        assertThat(s.layout(opt(Type.UNIT)).size()).isEqualTo(1);
        assertThat(s.layout(opt(arr(BOOL, 0))).size()).isEqualTo(1);
        // the None values rustc stores: null, 2, 0x110000, and 3 for Option<Option<bool>>
        assertThat(nicheValueOfNone(ref(U8))).isEqualTo(big(0));
        assertThat(nicheValueOfNone(BOOL)).isEqualTo(big(2));
        assertThat(nicheValueOfNone(CHAR)).isEqualTo(big(0x110000));
        assertThat(nicheValueOfNone(opt(BOOL))).isEqualTo(big(3));
        assertThat(nicheValueOfNone(named("E3"))).isEqualTo(big(3));
    }

    /** Option's None value, read through a one-field wrapper enum so that tagOf (which takes a path) applies. */
    private static BigInteger nicheValueOfNone(Type inner) {
        LayoutSolver s = solver(units("E3", 3), enumOf("O", RUST, v("None"), v("Some", inner)));
        return s.tagOf(p("O"), "None");
    }

    @Test
    void singleVariantEnumsAreStructsAndEmptyEnumsAreUninhabited() {
        LayoutSolver s = solver(enumOf("One", RUST, v("A", U32, U8)), enumOf("Five", RUST, unit("A", 5)),
                enumOf("None_", RUST));
        TypeLayout one = s.layout(p("One"));
        assertThat(one.encoding()).isEqualTo(TypeLayout.Encoding.SINGLE);
        assertThat(one.size()).isEqualTo(8);
        assertThat(one.tag()).isNull();
        assertThat(s.tagOf(p("One"), "A")).isEqualTo(big(0));
        // rustc gives `enum Five { A = 5 }` size 0 too: the only discriminant is not stored
        assertThat(s.sizeOf(p("Five"))).isZero();
        assertThat(s.tagOf(p("Five"), "A")).isEqualTo(big(5));
        TypeLayout none = s.layout(p("None_"));
        assertThat(none.encoding()).isEqualTo(TypeLayout.Encoding.EMPTY);
        assertThat(none.size()).isZero();
        assertThat(none.align()).isEqualTo(1);
    }

    @Test
    void variantsThatCannotExistAreLeftOut() {
        // checked against rustc 1.95 (with Infallible for `!`): A 4, B 8, C 0, D 4 (tagged, Y = 2), F 1,
        // Option<Void> 0, Option<(u32, Void)> 8
        Type never = t(PrimKind.NEVER);
        LayoutSolver s = solver(enumOf("Void", RUST),
                enumOf("A", RUST, v("X", U32), v("Y", never)),
                enumOf("B", RUST, v("X", U32), v("Y", U32, named("Void")), v("Z")),
                enumOf("C", RUST, v("X", named("Void")), v("Y", never)),
                enumOf("D", RUST, v("Z", U8, named("Void")), v("X", U16, BOOL), v("Y")),
                enumOf("F", RUST, v("P"), v("Q", named("Void")), v("R")));
        assertThat(s.layout(p("A")).encoding()).isEqualTo(TypeLayout.Encoding.SINGLE);
        assertThat(s.sizeOf(p("A"))).isEqualTo(4);
        assertThat(s.sizeOf(p("B"))).isEqualTo(8);
        assertThat(s.layout(p("C")).encoding()).isEqualTo(TypeLayout.Encoding.EMPTY);
        assertThat(s.sizeOf(p("C"))).isZero();
        assertThatThrownBy(() -> s.tagOf(p("C"), "X")).hasMessageContaining("uninhabited");
        assertThat(s.sizeOf(p("D"))).isEqualTo(4);
        assertThat(s.layout(p("D")).encoding()).isEqualTo(TypeLayout.Encoding.TAGGED);
        assertThat(s.tagOf(p("D"), "Y")).isEqualTo(big(2));
        // the uninhabited Z needs no tag value, so the tag's valid range is 1..=2
        assertThat(s.layout(p("D")).niche()).isEqualTo(new Niche(0, 1, big(1), big(2)));
        assertThat(s.sizeOf(p("F"))).isEqualTo(1);
        assertThat(s.layout(opt(named("Void"))).size()).isZero();
        assertThat(s.layout(opt(tup(U32, named("Void")))).size()).isEqualTo(8);
    }

    @Test
    void implicitDiscriminantsCountUpFromTheLastExplicitOne() {
        LayoutSolver s = solver(enumOf("E", RUST, v("A"), unit("B", 10), v("C")));
        assertThat(s.layout(p("E")).variants()).extracting(VariantLayout::discriminant)
                .containsExactly(big(0), big(10), big(11));
        assertThat(s.tagOf(p("E"), "C")).isEqualTo(big(11));
    }

    @Test
    void tagOfRejectsUnknownVariantsAndNonEnums() {
        LayoutSolver s = solver(units("E3", 3), struct("S", C, f("a", U8)));
        assertThatThrownBy(() -> s.tagOf(p("E3"), "Q")).isInstanceOf(LayoutException.class)
                .hasMessage("t::E3: no variant `Q` in enum t::E3; its variants are: V0, V1, V2")
                .extracting(e -> ((LayoutException) e).item()).isEqualTo(p("E3"));
        assertThatThrownBy(() -> s.tagOf(p("S"), "A")).hasMessage("t::S: t::S is not an enum");
    }
}
