package dev.race.steg.lang;

import dev.race.steg.codec.StegCodec;
import dev.race.steg.codec.StegFormatException;
import dev.race.steg.compat.Compatibility;
import dev.race.steg.compat.Mismatch;
import dev.race.steg.model.Crate;
import dev.race.steg.model.Item;
import dev.race.steg.model.Path;
import dev.race.steg.model.Repr;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Layout strategies selected by name: {@code #[repr(strategy = "name")]} on a struct and the crate default
 * {@code #![repr(strategy = "name")]}; the catalog check at compile time; printing; the STEG version 4 encoding that
 * only crates naming a strategy get; and the compatibility kinds a strategy change gives.
 */
class StrategySyntaxTest {
    /** A catalog with "sorted" in version 3 and "swift" in version 1. */
    private static final StrategyCatalog CATALOG = new StrategyCatalog() {
        private final Map<String, Integer> known = Map.of("sorted", 3, "swift", 1);

        @Override
        public OptionalInt version(String name) {
            Integer v = known.get(name);
            return v == null ? OptionalInt.empty() : OptionalInt.of(v);
        }

        @Override
        public List<String> names() {
            return List.of("c", "race", "sorted", "swift", "transparent");
        }

        @Override
        public String hint() {
            return "put its jar on the class path";
        }
    };

    private static CompileResult compile(String src, StrategyCatalog catalog) {
        return StegCompiler.compile(List.of(new Source("d.steg", "crate d 1.0.0;\n" + src)), catalog);
    }

    private static Crate crate(String src) {
        return RoundTripTest.only(compile(src, CATALOG));
    }

    private static Repr repr(Crate c, String path) {
        return ((Item.Struct) c.item(Path.parse(path)).orElseThrow()).repr();
    }

    private static List<String> errors(String src, StrategyCatalog catalog) {
        return compile(src, catalog).diagnostics().stream()
                .map(d -> d.render().lines().findFirst().orElseThrow()).toList();
    }

    @Test
    void aStructNamesAStrategyAndTheCatalogsVersionIsRecorded() {
        Crate c = crate("#[repr(strategy = \"sorted\")]\npub struct P { pub a: u8, pub b: u64 }\n"
                + "#[repr(strategy = \"swift\", align(16))]\npub struct Q { pub a: u8 }\n"
                + "#[repr(strategy = \"sorted\", strategy_version = 2)]\npub struct Old { pub a: u8 }\n"
                + "pub struct R { pub a: u8 }\n");
        assertThat(repr(c, "d::P")).isEqualTo(Repr.strategy("sorted", 3, 0, 0));
        assertThat(repr(c, "d::Q")).isEqualTo(Repr.strategy("swift", 1, 0, 16));
        // a pinned version (a view printed from an .rcrate) is kept as written
        assertThat(repr(c, "d::Old")).isEqualTo(Repr.strategy("sorted", 2, 0, 0));
        assertThat(repr(c, "d::R")).isEqualTo(Repr.DEFAULT);
    }

    @Test
    void theCrateDefaultAppliesToEveryStructWithoutALayoutReprOfItsOwn() {
        Crate c = crate("#![repr(strategy = \"sorted\")]\n"
                + "pub struct P { pub a: u8, pub b: u64 }\n"
                + "#[repr(packed(2))]\npub struct Packed { pub a: u8, pub b: u64 }\n"
                + "#[repr(C)]\npub struct C1 { pub a: u8 }\n"
                + "#[repr(strategy = \"swift\")]\npub struct S { pub a: u8 }\n"
                + "mod inner { pub struct In { pub a: u8 } }\n"
                + "pub enum E { A, B }\n");
        assertThat(repr(c, "d::P")).isEqualTo(Repr.strategy("sorted", 3, 0, 0));
        assertThat(repr(c, "d::Packed")).isEqualTo(Repr.strategy("sorted", 3, 2, 0));
        assertThat(repr(c, "d::C1").kind()).isEqualTo(Repr.Kind.C);
        assertThat(repr(c, "d::S")).isEqualTo(Repr.strategy("swift", 1, 0, 0));
        assertThat(repr(c, "d::inner::In")).isEqualTo(Repr.strategy("sorted", 3, 0, 0));
        assertThat(((Item.Enum) c.item(Path.parse("d::E")).orElseThrow()).repr()).isEqualTo(Repr.DEFAULT);
    }

    @Test
    void aNameNobodyProvidesIsAnErrorAtTheAttributeNamingTheCrateAndTheRemedy() {
        assertThat(errors("#[repr(strategy = \"nosuch\")]\npub struct P { pub a: u8 }\n", CATALOG)).containsExactly(
                "d.steg:2:8: error: no layout strategy named `nosuch` is on the class path (crate `d`; provided: c, "
                        + "race, sorted, swift, transparent): put its jar on the class path");
        assertThat(errors("#![repr(strategy = \"nosuch\")]\npub struct P { pub a: u8 }\n", CATALOG)).containsExactly(
                "d.steg:2:9: error: no layout strategy named `nosuch` is on the class path (crate `d`; provided: c, "
                        + "race, sorted, swift, transparent): put its jar on the class path");
        // without a catalog (race-steg alone) the name cannot be checked: recorded unversioned
        CompileResult r = compile("#[repr(strategy = \"nosuch\")]\npub struct P { pub a: u8 }\n", null);
        assertThat(r.diagnostics()).isEmpty();
        assertThat(repr(r.crates().get(0), "d::P")).isEqualTo(Repr.strategy("nosuch", 0, 0, 0));
    }

    @Test
    void malformedOrMisplacedStrategyHintsAreErrors() {
        assertThat(errors("#[repr(strategy = \"sorted\")]\npub enum E { A }\n", CATALOG)).containsExactly(
                "d.steg:2:8: error: `#[repr(strategy)]` is not allowed on an enum: a layout strategy places the "
                        + "fields of a struct");
        assertThat(errors("#[repr(C, strategy = \"sorted\")]\npub struct P;\n", CATALOG)).containsExactly(
                "d.steg:2:11: error: conflicting representation hints: `strategy` and `C`");
        assertThat(errors("#[repr(strategy)]\npub struct P;\n", CATALOG)).containsExactly(
                "d.steg:2:8: error: representation hint `strategy` needs a name: `strategy = \"name\"`");
        assertThat(errors("#[repr(strategy = \"c\")]\npub struct P;\n", CATALOG)).containsExactly(
                "d.steg:2:8: error: `c` is a built-in layout strategy, selected by #[repr(C)]; `strategy = \"..\"` "
                        + "names a strategy a jar on the class path provides");
        assertThat(errors("#[repr(strategy = \"a b\")]\npub struct P;\n", CATALOG)).containsExactly(
                "d.steg:2:8: error: invalid layout strategy name `a b`: expected letters, digits, `_`, `-` or `.`");
        assertThat(errors("#[repr(strategy_version = 2)]\npub struct P;\n", CATALOG)).containsExactly(
                "d.steg:2:8: error: `strategy_version` needs a `strategy = \"name\"` beside it");
        assertThat(errors("#[repr(align = 4)]\npub struct P;\n", CATALOG)).containsExactly(
                "d.steg:2:8: error: representation hint `align` takes no value");
        assertThat(errors("#![frozen]\npub struct P;\n", CATALOG)).containsExactly(
                "d.steg:2:4: error: unknown crate attribute `#![frozen]`: the only one is "
                        + "`#![repr(strategy = \"name\")]`, the crate's default layout strategy");
        assertThat(errors("#![repr(C)]\npub struct P;\n", CATALOG)).containsExactly(
                "d.steg:2:4: error: `#![repr(..)]` needs `strategy = \"name\"`",
                "d.steg:2:9: error: representation hint `C` is not allowed in the crate attribute: `#![repr(..)]` "
                        + "takes only `strategy = \"name\"` and `strategy_version = N`");
    }

    @Test
    void thePrinterWritesTheStrategyPerStructAndItReparsesEqual() {
        Crate c = crate("#![repr(strategy = \"sorted\")]\npub struct P { pub a: u8 }\n"
                + "#[repr(strategy = \"swift\", packed)]\npub struct Q { pub a: u8 }\n");
        String printed = StegPrinter.print(c);
        assertThat(printed).contains("#[repr(strategy = \"sorted\", strategy_version = 3)]\npub struct P {\n",
                "#[repr(strategy = \"swift\", strategy_version = 1, packed)]\npub struct Q {\n");
        assertThat(RoundTripTest.only(StegCompiler.compile(List.of(new Source("p.steg", printed)), CATALOG)))
                .isEqualTo(c);
        // and without a catalog, as race-steg alone reads it
        assertThat(RoundTripTest.only(StegCompiler.compile(List.of(new Source("p.steg", printed)), null)))
                .isEqualTo(c);
    }

    @Test
    void aCrateNamingAStrategyIsVersion4AndRoundTripsOthersKeepTheirVersion() {
        Crate c = crate("#[repr(strategy = \"sorted\")]\npub struct P { pub a: u8 = 1 }\n"
                + "#[drop = \"x\"]\npub struct D;\n");
        byte[] b = StegCodec.encode(c);
        assertThat(b[4]).isEqualTo((byte) 4);
        assertThat(StegCodec.decode(b)).isEqualTo(c);
        assertThat(StegCodec.encode(StegCodec.decode(b))).isEqualTo(b);
        assertThat(StegCodec.encode(crate("pub struct S;\n"))[4]).isEqualTo((byte) 1);
        assertThat(StegCodec.encode(crate("#[drop = \"x\"]\npub struct S;\n"))[4]).isEqualTo((byte) 3);
    }

    @Test
    void theVersion4BytesArePinned() {
        Crate c = crate("#[repr(strategy = \"sorted\")]\npub struct S;\n");
        String hex = HexFormat.of().formatHex(StegCodec.encode(c));
        // strings: 0 "d", 1 "", 2 "S", 3 "sorted"
        assertThat(hex).isEqualTo("53544547" + "0400" + "0000"
                + "04" + "0164" + "00" + "0153" + "06736f72746564"
                + "00" + "010000" + "0101" + "01"
                // struct d::S: path, pub, repr kind 3 (strategy) "sorted" (string 3) version 3, packed 0, align 0,
                // no int type; no flags, no drop glue, unit, 0 fields
                + "01" + "020002" + "00" + "03" + "03" + "03" + "000000" + "00" + "00" + "02" + "00");
    }

    @Test
    void version4WithoutAStrategyAndAStrategyBeforeVersion4AreRefused() {
        byte[] b = StegCodec.encode(crate("#[repr(strategy = \"sorted\")]\npub struct S;\n"));
        byte[] v3 = b.clone();
        v3[4] = 3;
        assertThatThrownBy(() -> StegCodec.decode(v3)).isInstanceOf(StegFormatException.class)
                .hasMessageContaining("expected a repr kind (0 Rust, 1 C, 2 transparent; 3, a layout strategy, needs "
                        + "format version 4), found 0x03");
        // version 4 carries the slots of version 3 (drop glue): a version-3 crate relabelled 4
        byte[] plain = StegCodec.encode(crate("#[drop = \"x\"]\npub struct S;\n"));
        plain[4] = 4;
        assertThatThrownBy(() -> StegCodec.decode(plain)).isInstanceOf(StegFormatException.class)
                .hasMessage("offset 0x4: expected STEG format version 3 for a crate without layout strategies, found "
                        + "version 4 (the canonical encoding uses version 4 only when a struct names a layout strategy)");
    }

    @Test
    void aStrategyChangeOrAVersionChangeIsALayoutChangeAddingOneIsNot() {
        Crate sorted3 = crate("#[repr(strategy = \"sorted\")]\npub struct P { pub a: u8 }\n");
        Crate swift = crate("#[repr(strategy = \"swift\")]\npub struct P { pub a: u8 }\n");
        Crate sorted2 = crate("#[repr(strategy = \"sorted\", strategy_version = 2)]\npub struct P { pub a: u8 }\n");
        Crate cRepr = crate("#[repr(C)]\npub struct P { pub a: u8 }\n");
        Crate resilient = crate("pub struct P { pub a: u8 }\n");
        Crate unversioned = RoundTripTest.only(compile("#[repr(strategy = \"sorted\")]\npub struct P { pub a: u8 }\n",
                null));
        Path p = Path.parse("d::P");
        assertThat(Compatibility.compare(sorted3, swift)).containsExactly(new Mismatch(
                Mismatch.Kind.STRATEGY_CHANGED, p, "strategy \"sorted\" version 3", "strategy \"swift\" version 1"));
        assertThat(Compatibility.compare(sorted3, cRepr)).containsExactly(new Mismatch(
                Mismatch.Kind.STRATEGY_CHANGED, p, "strategy \"sorted\" version 3", "#[repr(C)]"));
        assertThat(Compatibility.compare(sorted3, resilient)).containsExactly(new Mismatch(
                Mismatch.Kind.STRATEGY_CHANGED, p, "strategy \"sorted\" version 3", "no repr (resilient)"));
        assertThat(Compatibility.compare(sorted2, sorted3)).containsExactly(new Mismatch(
                Mismatch.Kind.STRATEGY_VERSION_CHANGED, p, "strategy \"sorted\" version 2",
                "strategy \"sorted\" version 3"));
        assertThat(Compatibility.compare(cRepr, sorted3)).containsExactly(new Mismatch(
                Mismatch.Kind.REPR_CHANGED, p, "#[repr(C)]", "#[repr(strategy = \"sorted\", strategy_version = 3)]"));
        // a strategy added to a type the importer saw resilient is like any repr added: the linker decides
        assertThat(Compatibility.compare(resilient, sorted3)).isEmpty();
        assertThat(Compatibility.compare(sorted3, sorted3)).isEmpty();
        // an unrecorded version cannot be compared
        assertThat(Compatibility.compare(unversioned, sorted3)).isEmpty();
    }
}
