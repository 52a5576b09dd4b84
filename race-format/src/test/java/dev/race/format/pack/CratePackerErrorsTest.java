package dev.race.format.pack;

import dev.race.format.fixtures.Readelf;
import dev.race.format.fixtures.Tools;
import dev.race.format.rcrate.RcrateTarget;
import dev.race.steg.model.Crate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each refusal of the packer, with its exact message and the code location that caused it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CratePackerErrorsTest {
    static final String BAD_C = """
            extern const char __race_off_6engine9Transform_3rot[];
            extern const char __race_size_6engine4Nope[];
            extern const char __race_off_bogus[];
            extern const char __race_tag_6engine5Shape_3Tri[];
            extern const char __race_slot_6engine6Plugin_4drop[];
            extern const char __race_upcast_6engine6Plugin_6engine6Plugin[];
            float get_rot(const char *t) { return *(const float *)(t + (unsigned long)__race_off_6engine9Transform_3rot); }
            unsigned long nope_size(void) { return (unsigned long)__race_size_6engine4Nope; }
            unsigned long bogus(void) { return (unsigned long)__race_off_bogus; }
            int is_tri(const unsigned char *s) { return *s == (unsigned char)(unsigned long)__race_tag_6engine5Shape_3Tri; }
            unsigned long drop_slot(void) { return (unsigned long)__race_slot_6engine6Plugin_4drop; }
            unsigned long self_upcast(void) { return (unsigned long)__race_upcast_6engine6Plugin_6engine6Plugin; }
            float rot_again(const char *t) { return *(const float *)(t + 4 + (unsigned long)__race_off_6engine9Transform_3rot); }
            """;

    private Path bad;
    private Path a64;
    private List<Crate> crates;

    @BeforeAll
    void compile(@TempDir Path dir) throws IOException {
        bad = PackFixtures.cc(dir, "bad.o", Tools.find("gcc", "gcc"), BAD_C, "-O2", "-fno-pic");
        a64 = PackFixtures.cc(dir, "a64.o", Tools.find("aarch64-linux-gnu-gcc", "gcc-aarch64-linux-gnu"),
                PackFixtures.PLUGIN_C, "-O2");
        crates = PackFixtures.steg("crate plugin 0.1.0;\npub fn get_rot(t: *const u8) -> f32;\n"
                + "pub fn missing_fn(x: u32);\n", PackFixtures.ENGINE);
    }

    /** The offset readelf shows for the relocation against {@code symbol} in .text, as the packer writes it. */
    private String at(String symbol, int nth) throws IOException {
        int seen = 0;
        for (String l : Readelf.relocations(bad).get(".rela.text")) {
            String[] c = l.split(" ");
            if (c[4].equals(symbol) && seen++ == nth) {
                return "bad.o:.text+0x" + Long.toHexString(Long.parseLong(c[0], 16));
            }
        }
        throw new AssertionError(symbol + " not relocated");
    }

    private List<String> errors() throws IOException {
        PackResult r = CratePacker.pack(crates.get(0), List.of(crates.get(1)), RcrateTarget.X86_64,
                List.of(PackFixtures.load(bad)));
        assertThat(r.file()).isNull();
        return r.errors().stream().map(PackError::message).toList();
    }

    @Test
    void undeclaredFieldNamesFieldMarkerAndEverySite() throws IOException {
        assertThat(errors()).contains("bad.o: marker __race_off_6engine9Transform_3rot (offset-of engine::Transform.rot): "
                + "engine::Transform has no field `rot` (fields: layer, scale, pos); used at "
                + at("__race_off_6engine9Transform_3rot", 0) + " (in get_rot), "
                + at("__race_off_6engine9Transform_3rot", 1) + " (in rot_again)");
    }

    @Test
    void unknownTypeInAMarker() throws IOException {
        assertThat(errors()).contains("bad.o: marker __race_size_6engine4Nope (size-of engine::Nope): "
                + "engine 2.0.0 declares no item engine::Nope; used at " + at("__race_size_6engine4Nope", 0)
                + " (in nope_size)");
    }

    @Test
    void unknownVariantAndMethod() throws IOException {
        assertThat(errors()).contains("bad.o: marker __race_tag_6engine5Shape_3Tri (tag engine::Shape::Tri): "
                        + "engine::Shape has no variant `Tri` (variants: Circle, Rect, Pair, Empty); used at "
                        + at("__race_tag_6engine5Shape_3Tri", 0) + " (in is_tri)",
                "bad.o: marker __race_slot_6engine6Plugin_4drop (vtable-slot engine::Plugin::drop): "
                        + "engine::Plugin has no method `drop` (methods: name, build); used at "
                        + at("__race_slot_6engine6Plugin_4drop", 0) + " (in drop_slot)");
    }

    @Test
    void anUpcastToATraitThatIsNotASupertrait() throws IOException {
        assertThat(errors()).contains("bad.o: marker __race_upcast_6engine6Plugin_6engine6Plugin (upcast engine::Plugin "
                + "to engine::Plugin): engine::Plugin is not a supertrait of engine::Plugin (it has no supertraits); "
                + "used at " + at("__race_upcast_6engine6Plugin_6engine6Plugin", 0) + " (in self_upcast)");
    }

    @Test
    void undecodableMarkerIsLocated() throws IOException {
        String site = at("__race_off_bogus", 0).substring("bad.o:".length());
        assertThat(errors()).contains("bad.o: " + site + ": R_X86_64_32: marker `__race_off_bogus`: at 11: "
                + "expected the length of a type path segment, found `b`");
    }

    @Test
    void missingFunctionDefinition() throws IOException {
        assertThat(errors()).contains("crate plugin 0.1.0: function plugin::missing_fn is declared with symbol "
                + "missing_fn, which no object defines (as a global or weak symbol)")
                .noneMatch(e -> e.contains("get_rot is declared"));
    }

    @Test
    void implMethodsAndTraitDefaultsMustBeDefinedToo() {
        List<Crate> c = PackFixtures.steg("""
                crate plugin 0.1.0;
                pub struct P { x: u32 }
                pub trait Own { fn go(&self) = default(own_go_default); }
                impl engine::Plugin for P { fn name = p_name; fn build = p_build; }
                """, PackFixtures.ENGINE);
        PackResult r = CratePacker.pack(c.get(0), List.of(c.get(1)), RcrateTarget.X86_64, List.of());
        assertThat(r.errors().stream().map(PackError::message)).containsExactly(
                "crate plugin 0.1.0: function plugin::Own::go (default body) is declared with symbol own_go_default, "
                        + "which no object defines (as a global or weak symbol)",
                "crate plugin 0.1.0: function <plugin::P as engine::Plugin>::name is declared with symbol p_name, "
                        + "which no object defines (as a global or weak symbol)",
                "crate plugin 0.1.0: function <plugin::P as engine::Plugin>::build is declared with symbol p_build, "
                        + "which no object defines (as a global or weak symbol)");
    }

    @Test
    void wrongMachine() throws IOException {
        PackResult r = CratePacker.pack(crates.get(0), List.of(crates.get(1)), RcrateTarget.X86_64,
                List.of(PackFixtures.load(a64)));
        assertThat(r.errors().stream().map(PackError::message))
                .contains("a64.o: object is for AArch64 but the target is x86_64 (x86-64)");
    }

    @Test
    void memberPathsThroughAliasesTuplesAndVariants() {
        QueryChecker q = new QueryChecker(crates.get(0), List.of(crates.get(1)));
        dev.race.steg.model.Path shape = dev.race.steg.model.Path.of("engine", "Shape");
        dev.race.steg.model.Path pos = dev.race.steg.model.Path.of("engine", "Pos");
        assertThat(q.problem(new dev.race.format.marker.Marker.Offset(pos, List.of("z")))).isNull();
        assertThat(q.problem(new dev.race.format.marker.Marker.Offset(pos, List.of("w"))))
                .isEqualTo("engine::Vec3 has no field `w` (fields: x, y, z)");
        assertThat(q.problem(new dev.race.format.marker.Marker.Offset(shape, List.of("Pair", "0", "1", "y")))).isNull();
        assertThat(q.problem(new dev.race.format.marker.Marker.Offset(shape, List.of("Pair", "0", "2"))))
                .isEqualTo("the tuple (u32, engine::Vec3) has no field `2` (fields: 0..1)");
        assertThat(q.problem(new dev.race.format.marker.Marker.Offset(shape, List.of("Rect", "d"))))
                .isEqualTo("engine::Shape::Rect has no field `d` (fields: w, h)");
        assertThat(q.problem(new dev.race.format.marker.Marker.Offset(shape, List.of("Empty", "x"))))
                .isEqualTo("engine::Shape::Empty has no field `x` (it has no fields)");
        assertThat(q.problem(new dev.race.format.marker.Marker.Offset(
                dev.race.steg.model.Path.of("engine", "Transform"), List.of("scale", "x"))))
                .isEqualTo("f32 is not a struct, enum or tuple, so it has no field `x`");
        assertThat(q.problem(new dev.race.format.marker.Marker.Size(dev.race.steg.model.Path.of("physics", "Body"))))
                .isEqualTo("no crate `physics` among the crate and its imports (plugin, engine)");
        assertThat(q.problem(new dev.race.format.marker.Marker.Size(dev.race.steg.model.Path.of("engine", "Plugin"))))
                .isEqualTo("engine::Plugin is a trait, not a struct, enum or type alias");
        // an init image exists for a struct only
        assertThat(q.problem(new dev.race.format.marker.Marker.Init(dev.race.steg.model.Path.of("engine", "Transform"))))
                .isNull();
        assertThat(q.problem(new dev.race.format.marker.Marker.Init(shape)))
                .isEqualTo("engine::Shape is an enum, not a struct (only a struct has an init image)");
    }

    @Test
    void memberPathsThroughOptionAsTheLayoutSolverReadsThem() {
        List<dev.race.steg.model.Crate> cs = PackFixtures.steg(
                "crate plugin 0.1.0;\npub struct Holder { pub t: Option<engine::Transform> }\n", PackFixtures.ENGINE);
        QueryChecker q = new QueryChecker(cs.get(0), List.of(cs.get(1)));
        dev.race.steg.model.Path holder = dev.race.steg.model.Path.of("plugin", "Holder");
        assertThat(q.problem(new dev.race.format.marker.Marker.Offset(holder, List.of("t", "Some", "0", "scale")))).isNull();
        assertThat(q.problem(new dev.race.format.marker.Marker.Offset(holder, List.of("t", "Some")))).isNull();
        assertThat(q.problem(new dev.race.format.marker.Marker.Offset(holder, List.of("t", "None")))).isNull();
        assertThat(q.problem(new dev.race.format.marker.Marker.Offset(holder, List.of("t", "Some", "1"))))
                .isEqualTo("Option<engine::Transform>::Some has no field `1` (fields: 0)");
        assertThat(q.problem(new dev.race.format.marker.Marker.Offset(holder, List.of("t", "None", "0"))))
                .isEqualTo("Option<engine::Transform>::None has no field `0` (it has no fields)");
        assertThat(q.problem(new dev.race.format.marker.Marker.Offset(holder, List.of("t", "Other"))))
                .isEqualTo("Option<engine::Transform> has no variant `Other` (variants: None, Some)");
        assertThat(q.problem(new dev.race.format.marker.Marker.Offset(holder, List.of("t", "Some", "0", "size"))))
                .isEqualTo("engine::Transform has no field `size` (fields: layer, scale, pos)");
    }
}
