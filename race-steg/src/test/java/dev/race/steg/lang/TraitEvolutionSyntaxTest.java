package dev.race.steg.lang;

import dev.race.steg.codec.StegCodec;
import dev.race.steg.codec.StegFormatException;
import dev.race.steg.model.Crate;
import dev.race.steg.model.Item;
import dev.race.steg.model.Path;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Supertraits ({@code trait Sub: A + B}), {@code #[frozen]} traits and drop glue ({@code #[drop = "sym"]}): parse,
 * resolve, print, and the STEG version 3 encoding that only crates using them get.
 */
class TraitEvolutionSyntaxTest {
    private static final String ENGINE = """
            crate engine 3.0.0;

            #[frozen] pub trait Named { fn name(&self) -> u32; }
            #[frozen]
            pub trait Shape: Named { fn area(&self) -> u32; }
            mod geo {
                pub trait Solid: super::Shape + crate::Named { fn volume(&self) -> u32; }
            }
            #[drop = "engine_ball_drop"]
            pub struct Ball { pub r: u32 }
            #[repr(C, u8)]
            #[drop = "engine_token_drop"]
            pub enum Token { A, B(u32) }
            """;

    private static final String PLUGIN = """
            crate plugin 1.0.0;
            use engine::geo::Solid;
            pub trait Heavy: Solid + engine::Named { fn mass(&self) -> u64; }
            """;

    private static Crate engine() {
        return RoundTripTest.only(StegCompiler.compile(new Source("engine.steg", ENGINE)));
    }

    private static Item.Trait trait(Crate c, String path) {
        return (Item.Trait) c.item(Path.parse(path)).orElseThrow();
    }

    @Test
    void supertraitsFrozenAndDropGlueParseIntoTheModel() {
        Crate c = engine();
        assertThat(trait(c, "engine::Named").supertraits()).isEmpty();
        assertThat(trait(c, "engine::Named").frozen()).isTrue();
        assertThat(trait(c, "engine::Shape").supertraits()).containsExactly(Path.parse("engine::Named"));
        assertThat(trait(c, "engine::Shape").frozen()).isTrue();
        assertThat(trait(c, "engine::geo::Solid").supertraits())
                .containsExactly(Path.parse("engine::Shape"), Path.parse("engine::Named"));
        assertThat(((Item.Struct) c.item(Path.parse("engine::Ball")).orElseThrow()).dropSymbol())
                .isEqualTo("engine_ball_drop");
        assertThat(((Item.Enum) c.item(Path.parse("engine::Token")).orElseThrow()).dropSymbol())
                .isEqualTo("engine_token_drop");
    }

    @Test
    void supertraitsResolveAcrossCratesAndThroughUse() {
        var r = StegCompiler.compile(List.of(new Source("engine.steg", ENGINE), new Source("plugin.steg", PLUGIN)));
        assertThat(r.diagnostics()).isEmpty();
        Crate plugin = r.crates().stream().filter(c -> c.name().equals("plugin")).findFirst().orElseThrow();
        assertThat(trait(plugin, "plugin::Heavy").supertraits())
                .containsExactly(Path.parse("engine::geo::Solid"), Path.parse("engine::Named"));
    }

    @Test
    void thePrinterWritesThemBackAndTheyReparseEqual() {
        Crate c = engine();
        String printed = StegPrinter.print(c);
        assertThat(printed).contains("#[frozen]\npub trait Shape: crate::Named {\n",
                "pub trait Solid: crate::Shape + crate::Named {\n",
                "#[drop = \"engine_ball_drop\"]\npub struct Ball {\n",
                "#[repr(C, u8)]\n#[drop = \"engine_token_drop\"]\npub enum Token {\n");
        assertThat(RoundTripTest.only(StegCompiler.compile(new Source("p.steg", printed)))).isEqualTo(c);
    }

    @Test
    void aCrateUsingThemIsVersion3AndRoundTrips() {
        Crate c = engine();
        byte[] b = StegCodec.encode(c);
        assertThat(b[4]).isEqualTo((byte) 3);
        assertThat(StegCodec.decode(b)).isEqualTo(c);
        assertThat(StegCodec.encode(StegCodec.decode(b))).isEqualTo(b);
    }

    @Test
    void eachFeatureAloneSelectsVersion3AndOtherCratesKeepTheirVersion() {
        assertThat(version("pub trait A {}\npub trait B: A {}\n")).isEqualTo(3);
        assertThat(version("#[frozen]\npub trait A {}\n")).isEqualTo(3);
        assertThat(version("#[drop = \"d\"]\npub struct S;\n")).isEqualTo(3);
        assertThat(version("#[drop = \"d\"]\npub enum E { A }\n")).isEqualTo(3);
        assertThat(version("pub trait A {}\npub struct S;\n")).isEqualTo(1);
        assertThat(version("pub trait A {}\npub struct S { pub a: u8 = 1 }\n")).isEqualTo(2);
        // version 3 with a default too: the default is kept
        Crate both = compile("pub trait A {}\npub trait B: A {}\npub struct S { pub a: u8 = 1 }\n");
        assertThat(StegCodec.decode(StegCodec.encode(both))).isEqualTo(both);
    }

    @Test
    void theVersion3BytesArePinned() {
        Crate c = compile("#[drop = \"dr\"]\npub struct S;\n#[frozen]\npub trait A {}\npub trait B: A {}\n");
        String hex = HexFormat.of().formatHex(StegCodec.encode(c));
        // strings: 0 "d", 1 "", 2 "S", 3 "dr", 4 "A", 5 "B"
        assertThat(hex).isEqualTo("53544547" + "0300" + "0000"
                + "06" + "0164" + "00" + "0153" + "026472" + "0141" + "0142"
                + "00" + "010000" + "0101" + "03"
                // struct d::S: path, pub, repr(Rust), no flags, drop "dr" (present, string 3), unit, 0 fields
                + "01" + "020002" + "00" + "00000000" + "00" + "0103" + "02" + "00"
                // trait d::A: path, pub, flags frozen, 0 supertraits, 0 methods
                + "03" + "020004" + "00" + "01" + "00" + "00"
                // trait d::B: path, pub, no flags, 1 supertrait d::A, 0 methods
                + "03" + "020005" + "00" + "00" + "01" + "020004" + "00");
    }

    @Test
    void version3WithoutAnyOfItsFeaturesIsNotCanonical() {
        Crate c = compile("#[frozen]\npub trait A {}\n");
        byte[] b = StegCodec.encode(c);
        // the trait's flags byte is the third-last byte (flags, 0 supertraits, 0 methods): clear it
        b[b.length - 3] = 0;
        assertThatThrownBy(() -> StegCodec.decode(b)).isInstanceOf(StegFormatException.class)
                .hasMessage("offset 0x4: expected STEG format version 1 for a crate without supertraits, frozen "
                        + "traits or drop glue, found version 3 (the canonical encoding uses version 3 only when a "
                        + "crate has one of them)");
        byte[] badFlags = StegCodec.encode(c);
        badFlags[badFlags.length - 3] = 2;
        assertThatThrownBy(() -> StegCodec.decode(badFlags)).isInstanceOf(StegFormatException.class)
                .hasMessageContaining("expected item flags within 0x01, found 0x02");
    }

    @Test
    void version1And2BlobsStillDecode() {
        Crate v1 = compile("pub trait A { fn f(&self); }\npub struct S;\n");
        byte[] b1 = StegCodec.encode(v1);
        assertThat(b1[4]).isEqualTo((byte) 1);
        assertThat(StegCodec.decode(b1)).isEqualTo(v1);
        Crate v2 = compile("pub trait A { fn f(&self); }\npub struct S { pub a: u8 = 3 }\n");
        byte[] b2 = StegCodec.encode(v2);
        assertThat(b2[4]).isEqualTo((byte) 2);
        assertThat(StegCodec.decode(b2)).isEqualTo(v2);
    }

    private static Crate compile(String src) {
        return RoundTripTest.only(StegCompiler.compile(new Source("d.steg", "crate d 1.0.0;\n" + src)));
    }

    private static int version(String src) {
        return StegCodec.encode(compile(src))[4];
    }

    private static List<String> errors(String src) {
        return StegCompiler.compile(new Source("d.steg", "crate d 1.0.0;\n" + src)).diagnostics().stream()
                .map(d -> d.render().lines().findFirst().orElseThrow()).toList();
    }

    @Test
    void anUnknownSupertraitOrOneThatIsNotATraitIsAnErrorAtItsPath() {
        assertThat(errors("pub trait B: Missing {}\n")).containsExactly(
                "d.steg:2:14: error: unknown trait `Missing`");
        assertThat(errors("pub struct S;\npub trait B: S {}\n")).containsExactly(
                "d.steg:3:14: error: expected a trait, found struct `d::S`");
        assertThat(errors("pub trait A {}\npub trait B: A + A {}\n")).containsExactly(
                "d.steg:3:18: error: supertrait `d::A` of trait `d::B` is named twice");
    }

    @Test
    void aSupertraitCycleIsAnError() {
        assertThat(errors("pub trait A: A {}\n")).containsExactly(
                "d.steg:2:14: error: cycle in the supertraits of trait `d::A`: it names itself (`d::A` -> `d::A`)");
        assertThat(errors("pub trait A: B {}\npub trait B: C {}\npub trait C: A {}\npub trait D: A {}\n"))
                .containsExactly("d.steg:2:14: error: cycle in the supertraits of trait `d::A`: `d::A` -> `d::B` -> "
                        + "`d::C` -> `d::A`; a trait cannot be its own supertrait");
    }

    @Test
    void misplacedOrMalformedAttributesAreErrors() {
        assertThat(errors("#[drop = \"x\"]\npub trait A {}\n")).containsExactly(
                "d.steg:2:3: error: attribute `#[drop]` is not allowed on a trait");
        assertThat(errors("#[drop]\npub struct S;\n")).containsExactly(
                "d.steg:2:3: error: attribute `#[drop]` needs a value: `#[drop = \"symbol\"]`, the symbol of a "
                        + "function `void symbol(T *self)` that drops the value in place");
        assertThat(errors("#[drop = \"\"]\npub struct S;\n")).containsExactly(
                "d.steg:2:3: error: attribute `#[drop]` needs a non-empty symbol name");
        assertThat(errors("#[frozen]\npub fn f();\n")).containsExactly(
                "d.steg:2:3: error: attribute `#[frozen]` is not allowed on a function");
        assertThat(errors("#[frozen(x)]\npub trait A {}\n")).containsExactly(
                "d.steg:2:3: error: attribute `#[frozen]` takes no arguments");
    }
}
