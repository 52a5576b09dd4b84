package dev.race.layout;

import dev.race.steg.model.Field;
import dev.race.steg.model.Item;
import dev.race.steg.model.Repr;
import dev.race.steg.model.Shape;
import dev.race.steg.model.Variant;
import dev.race.steg.model.Visibility;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.race.layout.M.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A resilient enum (no #[frozen], no repr(C)/repr(int)) and an Option of a resilient type keep their tag where code
 * compiled against any other accepted version reads it: 4 bytes at offset 0, every variant tagged, no niche — while
 * the same declarations #[frozen] get rustc's encodings (tag growth, niches, the single-variant shortcut).
 */
class ResilientEnumTest {
    private static final TagLayout STABLE = new TagLayout(0, 4, false);

    private static Item.Enum resilient(String name, boolean nonExhaustive, Variant... vs) {
        return new Item.Enum(p(name), Visibility.PUBLIC, Repr.DEFAULT, false, nonExhaustive, Arrays.asList(vs));
    }

    private static Variant tuple(String name, dev.race.steg.model.Type... ts) {
        List<Field> fs = new ArrayList<>();
        for (int i = 0; i < ts.length; i++) fs.add(new Field(Integer.toString(i), Visibility.PUBLIC, ts[i]));
        return new Variant(name, Shape.TUPLE, fs, null);
    }

    private static Variant[] units(int n) {
        Variant[] vs = new Variant[n];
        for (int i = 0; i < n; i++) vs[i] = v("V" + i);
        return vs;
    }

    @Test
    void theTagIsFourBytesAtZeroWhateverTheVariantCount() {
        for (int n : new int[] {0, 1, 2, 3, 256, 257, 70_000}) {
            LayoutSolver s = solver(resilient("E", true, units(n)));
            TypeLayout l = s.layout(p("E"));
            assertThat(l.encoding()).as("%d variants", n).isEqualTo(TypeLayout.Encoding.TAGGED);
            assertThat(l.tag()).as("%d variants", n).isEqualTo(STABLE);
            assertThat(l.size()).isEqualTo(4);
            assertThat(l.niche()).as("a resilient enum offers no niche").isNull();
            if (n > 0) assertThat(s.tagOf(p("E"), "V" + (n - 1))).isEqualTo(BigInteger.valueOf(n - 1));
        }
    }

    @Test
    void aVariantAddedToANonExhaustiveEnumNeitherMovesNorResizesTheTag() {
        // version 1: the niche of &u8 would hold Empty (rustc: 8 bytes, no tag); version 2 adds a u64 payload
        Item.Enum v1 = resilient("Shape", true, tuple("Ptr", ref(U8)), v("Empty"));
        Item.Enum v2 = resilient("Shape", true, tuple("Ptr", ref(U8)), v("Empty"), tuple("Wide", U64, BOOL));
        TypeLayout l1 = solver(v1).layout(p("Shape"));
        TypeLayout l2 = solver(v2).layout(p("Shape"));
        assertThat(l1.tag()).isEqualTo(STABLE).isEqualTo(l2.tag());
        assertThat(l1.encoding()).isEqualTo(l2.encoding()).isEqualTo(TypeLayout.Encoding.TAGGED);
        // the payloads come after the tag
        assertThat(l1.variant("Ptr").fields().get(0).offset()).isEqualTo(8);
        assertThat(l2.variant("Wide").fields()).allSatisfy(f -> assertThat(f.offset()).isGreaterThanOrEqualTo(4));
        // frozen, the same version 1 is niche-encoded as rustc does it: that is why resilient enums are not
        Item.Enum frozen = enumOf("Shape", RUST, tuple("Ptr", ref(U8)), v("Empty"));
        assertThat(solver(frozen).layout(p("Shape")).encoding()).isEqualTo(TypeLayout.Encoding.NICHE);
    }

    @Test
    void aGrownPayloadKeepsTheTagAndAUniVariantEnumIsStillTagged() {
        Item.Enum small = resilient("E", true, tuple("A", U8));
        Item.Enum grown = resilient("E", true, tuple("A", U8, U128));
        LayoutSolver s1 = solver(small);
        LayoutSolver s2 = solver(grown);
        assertThat(s1.layout(p("E")).encoding()).isEqualTo(TypeLayout.Encoding.TAGGED);
        assertThat(s1.layout(p("E")).tag()).isEqualTo(STABLE).isEqualTo(s2.layout(p("E")).tag());
        assertThat(s1.tagOf(p("E"), "A")).isEqualTo(BigInteger.ZERO);
        assertThat(s2.sizeOf(p("E"))).isEqualTo(32);
        // rustc grows the tag into the padding before a u64 payload (8 bytes); the stable tag stays 4
        Item.Enum frozen = enumOf("F", RUST, tuple("A", U64), v("B"));
        assertThat(solver(frozen).layout(p("F")).tag().size()).isEqualTo(8);
        assertThat(solver(resilient("F", true, tuple("A", U64), v("B"))).layout(p("F")).tag()).isEqualTo(STABLE);
    }

    @Test
    void negativeDiscriminantsMakeItSignedAndWideOnesAreRefused() {
        LayoutSolver s = solver(resilient("N", false, unit("A", -5), v("B")),
                resilient("W", false, v("A"), unit("B", 1L << 33)));
        assertThat(s.layout(p("N")).tag()).isEqualTo(new TagLayout(0, 4, true));
        assertThat(s.tagOf(p("N"), "A")).isEqualTo(BigInteger.valueOf(-5));
        // the marker answers the tag's bit pattern: what a 32-bit load of the tag reads, and what fits the
        // zero-extended 32-bit immediate a compiler gives a symbol address
        assertThat(s.tagMarkerValue(p("N"), "A")).isEqualTo(BigInteger.valueOf(0xFFFF_FFFBL));
        assertThat(s.layout(p("N")).variant("A").tagValue()).isEqualTo(BigInteger.valueOf(0xFFFF_FFFBL));
        assertThatThrownBy(() -> s.layout(p("W"))).isInstanceOf(LayoutException.class)
                .hasMessage("t::W: discriminant 8589934592 does not fit the 32-bit tag of a resilient enum (its tag "
                        + "is always 4 bytes, so that a new variant can never move or resize it); mark the enum "
                        + "#[frozen] or give it a #[repr(i64)]");
    }

    @Test
    void anOptionOfAResilientTypeIsStablyTaggedButAnOptionOfAPointerKeepsItsNiche() {
        Item.Struct body = new Item.Struct(p("Body"), Visibility.PUBLIC, Repr.DEFAULT, false, false, Shape.NAMED,
                List.of(f("r", ref(U8)), f("x", U16)));
        LayoutSolver s = solver(body);
        TypeLayout opt = s.layout(opt(named("Body")));
        assertThat(opt.encoding()).isEqualTo(TypeLayout.Encoding.TAGGED);
        assertThat(opt.tag()).isEqualTo(STABLE);
        assertThat(s.layout(opt(ref(named("Body")))).encoding()).isEqualTo(TypeLayout.Encoding.NICHE);
        // the frozen struct keeps rustc's Option<struct with &T> niche
        LayoutSolver f = solver(struct("Body", RUST, f("r", ref(U8)), f("x", U16)));
        assertThat(f.layout(opt(named("Body"))).encoding()).isEqualTo(TypeLayout.Encoding.NICHE);
    }

    @Test
    void reprIntAndReprCEnumsKeepTheirDeclaredTag() {
        Item.Enum u16 = new Item.Enum(p("U"), Visibility.PUBLIC, intRepr(Repr.Kind.RUST, dev.race.steg.model.PrimKind.U16),
                false, true, List.of(v("A"), v("B")));
        assertThat(solver(u16).layout(p("U")).tag()).isEqualTo(new TagLayout(0, 2, false));
    }
}
