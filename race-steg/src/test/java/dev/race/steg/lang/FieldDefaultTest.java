package dev.race.steg.lang;

import dev.race.steg.codec.StegCodec;
import dev.race.steg.codec.StegFormatException;
import dev.race.steg.model.Crate;
import dev.race.steg.model.Field;
import dev.race.steg.model.Item;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Field defaults ({@code pub layer: u8 = 7}): parse, range check, print, and the STEG version 2 encoding. */
class FieldDefaultTest {
    private static final String SRC = """
            crate engine 1.1.0;

            pub struct Transform {
                pub x: i32,
                pub layer: u8 = 7,
                pub depth: i64 = -0x10,
                pub visible: bool = true,
                pub hidden: bool = false,
                pub big: u128 = 340282366920938463463374607431768211455,
            }
            """;

    private static Item.Struct transform(Crate c) {
        return (Item.Struct) c.items().get(0);
    }

    @Test
    void defaultsParseIntoTheModel() {
        Crate c = RoundTripTest.only(StegCompiler.compile(new Source("engine.steg", SRC)));
        assertThat(transform(c).fields()).extracting(Field::name, Field::defaultValue).containsExactly(
                org.assertj.core.groups.Tuple.tuple("x", null),
                org.assertj.core.groups.Tuple.tuple("layer", BigInteger.valueOf(7)),
                org.assertj.core.groups.Tuple.tuple("depth", BigInteger.valueOf(-16)),
                org.assertj.core.groups.Tuple.tuple("visible", BigInteger.ONE),
                org.assertj.core.groups.Tuple.tuple("hidden", BigInteger.ZERO),
                org.assertj.core.groups.Tuple.tuple("big", BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE)));
    }

    @Test
    void thePrinterWritesDefaultsBackAndTheyReparseEqual() {
        Crate c = RoundTripTest.only(StegCompiler.compile(new Source("engine.steg", SRC)));
        String printed = StegPrinter.print(c);
        assertThat(printed).contains("    pub layer: u8 = 7,\n", "    pub depth: i64 = -16,\n",
                "    pub visible: bool = true,\n", "    pub hidden: bool = false,\n", "    pub x: i32,\n");
        assertThat(RoundTripTest.only(StegCompiler.compile(new Source("p.steg", printed)))).isEqualTo(c);
    }

    @Test
    void aCrateWithDefaultsIsVersion2AndRoundTrips() {
        Crate c = RoundTripTest.only(StegCompiler.compile(new Source("engine.steg", SRC)));
        byte[] b = StegCodec.encode(c);
        assertThat(b[4]).isEqualTo((byte) 2);
        assertThat(StegCodec.decode(b)).isEqualTo(c);
        assertThat(StegCodec.encode(StegCodec.decode(b))).isEqualTo(b);
    }

    @Test
    void aCrateWithoutDefaultsStaysVersion1() {
        Crate c = RoundTripTest.only(StegCompiler.compile(new Source("e.steg", "crate e 1.0.0;\npub struct T { pub x: u8 }\n")));
        assertThat(StegCodec.encode(c)[4]).isEqualTo((byte) 1);
    }

    @Test
    void theVersion2FieldBytesArePinned() {
        Crate c = RoundTripTest.only(StegCompiler.compile(new Source("e.steg",
                "crate e 1.0.0;\npub struct T { pub a: u8, pub b: i8 = -1, pub c: u16 = 128 }\n")));
        String hex = HexFormat.of().formatHex(StegCodec.encode(c));
        assertThat(hex).startsWith("53544547" + "0200" + "0000");
        // each field: name, visibility, type, then the default: a none (length 0), b 1 byte FF,
        // c 2 bytes 00 80 (the minimal two's complement of 128)
        assertThat(hex).endsWith("03" + "00" + "0101" + "00"
                + "04" + "00" + "0107" + "01ff"
                + "05" + "00" + "0102" + "020080");
    }

    @Test
    void version2WithoutAnyDefaultIsNotCanonical() {
        Crate c = RoundTripTest.only(StegCompiler.compile(new Source("e.steg",
                "crate e 1.0.0;\npub struct T { pub a: u8 = 1 }\n")));
        byte[] b = StegCodec.encode(c);
        // the default is the last 2 bytes: length 1, value 01; make it "no default" (length 0)
        byte[] noDefault = java.util.Arrays.copyOf(b, b.length - 1);
        noDefault[noDefault.length - 1] = 0;
        assertThatThrownBy(() -> StegCodec.decode(noDefault)).isInstanceOf(StegFormatException.class)
                .hasMessage("offset 0x4: expected STEG format version 1 for a crate without field defaults, found version 2"
                        + " (the canonical encoding uses version 2 only when a field has a default)");
    }

    private static List<String> errors(String src) {
        return StegCompiler.compile(new Source("d.steg", "crate d 1.0.0;\n" + src)).diagnostics().stream()
                .map(d -> d.render().lines().findFirst().orElseThrow()).toList();
    }

    @Test
    void aDefaultThatDoesNotFitItsTypeIsAnErrorAtTheLiteral() {
        assertThat(errors("pub struct T {\n    pub layer: u8 = 256,\n}\n")).containsExactly(
                "d.steg:3:21: error: default of field `layer` does not fit its type: expected a `u8` in 0..=255, found `256`");
        assertThat(errors("pub struct T { pub a: u32 = -1 }\n")).containsExactly(
                "d.steg:2:29: error: default of field `a` does not fit its type: expected a `u32` in 0..=4294967295, found `-1`");
        assertThat(errors("pub struct T { pub a: i8 = -129 }\n")).containsExactly(
                "d.steg:2:28: error: default of field `a` does not fit its type: expected a `i8` in -128..=127, found `-129`");
        assertThat(errors("pub struct T { pub a: i8 = -128, pub b: i8 = 127, pub c: u64 = 0xffff_ffff_ffff_ffff }\n")).isEmpty();
    }

    @Test
    void boolAndIntegerLiteralsDoNotMix() {
        assertThat(errors("pub struct T { pub a: bool = 1 }\n")).containsExactly(
                "d.steg:2:30: error: default of field `a`: expected `true` or `false` for a `bool`, found `1`");
        assertThat(errors("pub struct T { pub a: u8 = true }\n")).containsExactly(
                "d.steg:2:28: error: default of field `a`: expected an integer literal for a `u8`, found `true`");
        assertThat(errors("pub struct T { pub a: bool = yes }\n")).containsExactly(
                "d.steg:2:30: error: default of field `a`: expected `true` or `false` for a `bool`, found `yes`");
    }

    @Test
    void otherTypesAndVariantFieldsHaveNoDefaults() {
        assertThat(errors("pub struct T { pub a: f32 = 1 }\n")).containsExactly(
                "d.steg:2:29: error: field `a` of type `f32` cannot have a default: expected an integer or bool field, found a default `1`");
        assertThat(errors("pub enum E { A { x: u8 = 1 } }\n")).containsExactly(
                "d.steg:2:26: error: default of field `x`: defaults are allowed on struct fields only, found one on an enum variant field");
    }
}
