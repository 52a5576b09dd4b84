package dev.race.format.marker;

import dev.race.steg.model.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MarkersTest {
    private static final Pattern C_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    @Test
    void designExamplesDecode() {
        assertThat(Markers.demangle("__race_off_6engine9Transform_3pos1x"))
                .isEqualTo(new Marker.Offset(Path.of("engine", "Transform"), List.of("pos", "x")));
        assertThat(Markers.demangle("__race_off_6engine9Transform_5scale"))
                .isEqualTo(new Marker.Offset(Path.of("engine", "Transform"), List.of("scale")));
        assertThat(Markers.demangle("__race_size_6engine9Transform"))
                .isEqualTo(new Marker.Size(Path.of("engine", "Transform")));
        assertThat(Markers.demangle("__race_align_6engine4math4Vec3"))
                .isEqualTo(new Marker.Align(Path.of("engine", "math", "Vec3")));
        assertThat(Markers.demangle("__race_slot_6engine6Plugin_4name"))
                .isEqualTo(new Marker.Slot(Path.of("engine", "Plugin"), "name"));
        assertThat(Markers.demangle("__race_vtbl_6engine6Plugin_6plugin7Physics"))
                .isEqualTo(new Marker.Vtable(Path.of("engine", "Plugin"), Path.of("plugin", "Physics")));
        assertThat(Markers.demangle("__race_tag_6engine5Shape_4Rect"))
                .isEqualTo(new Marker.Tag(Path.of("engine", "Shape"), "Rect"));
        // init image: an address, like a vtable
        assertThat(Markers.demangle("__race_init_6engine9Transform"))
                .isEqualTo(new Marker.Init(Path.of("engine", "Transform")));
        assertThat(Markers.mangle(new Marker.Init(Path.of("engine", "math", "Vec3")))).isEqualTo("__race_init_6engine4math4Vec3");
        assertThat(new Marker.Init(Path.of("engine", "Transform")).isConstant()).isFalse();
        // field-exists and type-exists
        assertThat(Markers.demangle("__race_has_6engine9Transform_5layer"))
                .isEqualTo(new Marker.Has(Path.of("engine", "Transform"), List.of("layer")));
        assertThat(Markers.demangle("__race_has_6engine9Transform"))
                .isEqualTo(new Marker.Has(Path.of("engine", "Transform"), List.of()));
        assertThat(Markers.mangle(new Marker.Has(Path.of("m", "Pair"), List.of("0")))).isEqualTo("__race_has_1m4Pair_00_");
        // upcast: two paths, each with any number of segments, a constant like a slot
        Marker up = new Marker.Upcast(Path.of("engine", "geo", "Solid"), Path.of("base", "Named"));
        assertThat(Markers.mangle(up)).isEqualTo("__race_upcast_6engine3geo5Solid_4base5Named");
        assertThat(Markers.demangle("__race_upcast_6engine3geo5Solid_4base5Named")).isEqualTo(up);
        assertThat(up.isConstant()).isTrue();
    }

    @Test
    void enumPayloadAndTupleFields() {
        // offset of Shape::Rect.w: the first member is the variant
        Marker rectW = new Marker.Offset(Path.of("engine", "Shape"), List.of("Rect", "w"));
        assertThat(Markers.mangle(rectW)).isEqualTo("__race_off_6engine5Shape_4Rect1w");
        // a tuple struct's field 0, then field 12 of a nested tuple, then a named field
        Marker tuple = new Marker.Offset(Path.of("m", "Pair"), List.of("0", "12", "x"));
        assertThat(Markers.mangle(tuple)).isEqualTo("__race_off_1m4Pair_00_012_1x");
        assertThat(Markers.demangle("__race_off_1m4Pair_00_012_1x")).isEqualTo(tuple);
        // identifiers may contain digits and underscores after the first character, and be long
        Marker odd = new Marker.Size(Path.of("c_1", "_T2", "x".repeat(123)));
        assertThat(Markers.mangle(odd)).isEqualTo("__race_size_3c_13_T2123" + "x".repeat(123));
        assertThat(Markers.demangle(Markers.mangle(odd))).isEqualTo(odd);
    }

    @Test
    void constantnessFollowsKind() {
        assertThat(Markers.demangle("__race_vtbl_1a1b_1c1d").isConstant()).isFalse();
        for (String s : List.of("__race_off_1a1b_1c", "__race_size_1a1b", "__race_align_1a1b", "__race_slot_1a1b_1c",
                "__race_tag_1a1b_1c", "__race_has_1a1b", "__race_has_1a1b_1c")) {
            assertThat(Markers.demangle(s).isConstant()).as(s).isTrue();
        }
        assertThat(Markers.isMarker("__race_off_x")).isTrue();
        assertThat(Markers.isMarker("_race_off")).isFalse();
    }

    @Test
    void mangleRefusesWhatCannotBeNamed() {
        assertThatThrownBy(() -> Markers.mangle(new Marker.Size(Path.of("engine"))))
                .isInstanceOf(MarkerException.class).hasMessageContaining("at least two segments");
        assertThatThrownBy(() -> Markers.mangle(new Marker.Size(Path.of("engine", "Tränsform"))))
                .isInstanceOf(MarkerException.class).hasMessageContaining("`Tränsform`: not an ASCII identifier");
        assertThatThrownBy(() -> Markers.mangle(new Marker.Tag(Path.of("e", "S"), "1x")))
                .isInstanceOf(MarkerException.class).hasMessageContaining("variant `1x`");
        assertThatThrownBy(() -> Markers.mangle(new Marker.Offset(Path.of("e", "S"), List.of("01"))))
                .isInstanceOf(MarkerException.class).hasMessageContaining("member `01`");
        assertThatThrownBy(() -> new Marker.Offset(Path.of("e", "S"), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void generatedRoundTrip() {
        Random rnd = new Random(0x5EED_0F0L);
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            Marker m = randomMarker(rnd);
            String name = Markers.mangle(m);
            assertThat(C_IDENTIFIER.matcher(name).matches()).as(name).isTrue();
            assertThat(Markers.isMarker(name)).isTrue();
            assertThat(Markers.demangle(name)).as(name).isEqualTo(m);
        }
    }

    private static Marker randomMarker(Random rnd) {
        return switch (rnd.nextInt(8)) {
            case 6 -> new Marker.Has(path(rnd), rnd.nextBoolean() ? List.of() : List.of(ident(rnd)));
            case 0 -> {
                List<String> member = new ArrayList<>();
                int k = 1 + rnd.nextInt(4);
                for (int j = 0; j < k; j++) {
                    member.add(rnd.nextInt(4) == 0 ? Integer.toString(rnd.nextInt(4) == 0 ? rnd.nextInt(3)
                            : rnd.nextInt(Integer.MAX_VALUE)) : ident(rnd));
                }
                yield new Marker.Offset(path(rnd), member);
            }
            case 1 -> new Marker.Size(path(rnd));
            case 2 -> new Marker.Align(path(rnd));
            case 3 -> new Marker.Slot(path(rnd), ident(rnd));
            case 4 -> new Marker.Tag(path(rnd), ident(rnd));
            case 5 -> new Marker.Init(path(rnd));
            default -> new Marker.Vtable(path(rnd), path(rnd));
        };
    }

    private static Path path(Random rnd) {
        List<String> s = new ArrayList<>();
        int k = 2 + rnd.nextInt(rnd.nextInt(10) == 0 ? 6 : 2);
        for (int j = 0; j < k; j++) {
            s.add(ident(rnd));
        }
        return new Path(s);
    }

    private static final String FIRST = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_";
    private static final String REST = FIRST + "0123456789";

    private static String ident(Random rnd) {
        // mostly short names, sometimes lengths of two and three digits (the length/identifier boundary)
        int len = switch (rnd.nextInt(10)) {
            case 0 -> 10 + rnd.nextInt(100);
            case 1 -> 100 + rnd.nextInt(200);
            default -> 1 + rnd.nextInt(9);
        };
        StringBuilder b = new StringBuilder(len).append(FIRST.charAt(rnd.nextInt(FIRST.length())));
        while (b.length() < len) {
            b.append(REST.charAt(rnd.nextInt(REST.length())));
        }
        return b.toString();
    }

    /** Each bad name with the exact message it must produce. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
        race_off_1a1b_1c                | at 0: a marker starts with __race_
        __race_                         | at 7: unknown marker kind `` (expected off, size, align, slot, tag, vtbl, upcast, init or has)
        __race_offset_6engine9Transform | at 7: unknown marker kind `offset` (expected off, size, align, slot, tag, vtbl, upcast, init or has)
        __race_SIZE_6engine9Transform   | at 7: unknown marker kind `SIZE` (expected off, size, align, slot, tag, vtbl, upcast, init or has)
        __race_size                     | at 11: a `size` marker needs `_` and a path after its kind
        __race_size_                    | at 12: expected the length of a type path segment, found the end of the name
        __race_size_engine              | at 12: expected the length of a type path segment, found `e`
        __race_size_6engine9            | at 19: segment length 9 is not followed by a name (the name is truncated)
        __race_size_6engine9Trans       | at 19: segment length 9 runs past the end of the name (5 characters left)
        __race_size_6engine99999999999999Transform | at 19: segment length 99999999999999 runs past the end of the name (9 characters left)
        __race_size_06engine9Transform  | at 12: segment length has a leading zero
        __race_size_6engine09Transform  | at 19: segment length has a leading zero
        __race_size_6engine9Trans$form  | at 25: character `$` (U+0024) is not allowed in an identifier
        __race_size_6engine9Transförm   | at 26: character `ö` (U+00F6) is not allowed in an identifier
        __race_size_6engine             | at 12: the type path `engine` has one segment; it needs a crate and an item name (e.g. 6engine9Transform)
        __race_vtbl_6engine6Plugin_7Physics | at 27: the type path `Physics` has one segment; it needs a crate and an item name (e.g. 6engine9Transform)
        __race_off_6engine9Transform    | at 28: missing second part: a `off` marker needs `_` and a member path after the first path
        __race_slot_6engine6Plugin      | at 26: missing second part: a `slot` marker needs `_` and a method name after the first path
        __race_tag_6engine5Shape        | at 24: missing second part: a `tag` marker needs `_` and a variant name after the first path
        __race_vtbl_6engine6Plugin      | at 26: missing second part: a `vtbl` marker needs `_` and a type path after the first path
        __race_upcast_6engine5Shape     | at 27: missing second part: a `upcast` marker needs `_` and a supertrait path after the first path
        __race_upcast_6engine5Shape_5Named | at 28: the supertrait path `Named` has one segment; it needs a crate and an item name (e.g. 6engine9Transform)
        __race_off_6engine9Transform_   | at 29: expected the length of a member path segment, found the end of the name
        __race_size_6engine9Transform_5scale | at 29: trailing characters `_5scale` after a complete `size` marker
        __race_align_6engine9Transformx | at 30: trailing characters `x` after a complete `align` marker
        __race_tag_6engine5Shape_4Rect6Circle | at 30: a variant name is a single segment, found another segment
        __race_slot_6engine6Plugin_4name_ | at 32: trailing characters `_` after a complete `slot` marker
        __race_off_1m4Pair_0_           | at 19: a tuple field (`0`) needs its decimal index, e.g. `00_` for field 0
        __race_off_1m4Pair_001_         | at 20: tuple field index `01` has a leading zero or is too long
        __race_off_1m4Pair_00           | at 21: tuple field index `0` is not closed by `_`
        __race_off_1m4Pair_09999999999999999999_ | at 20: tuple field index `9999999999999999999` has a leading zero or is too long
        __race_off_1m4Pair_03x          | at 21: tuple field index `3` is not closed by `_`
        """)
    void badNamesSayWhatAndWhere(String name, String expected) {
        assertThatThrownBy(() -> Markers.demangle(name))
                .isInstanceOf(MarkerException.class)
                .hasMessage("marker `" + name + "`: " + expected)
                .satisfies(e -> assertThat(((MarkerException) e).position())
                        .isEqualTo(Integer.parseInt(expected.substring(3, expected.indexOf(':')))));
    }
}
