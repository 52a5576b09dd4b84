package dev.race.link.contract;

import dev.race.layout.TargetSpec;
import dev.race.link.api.Diagnostic;
import dev.race.link.api.SemverMode;
import dev.race.link.pipeline.InputCrate;
import dev.race.steg.model.Crate;
import dev.race.format.elf.ElfObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Semver policy, frozen layouts of enums and of embedded types, input bookkeeping; codeless crates built from .steg. */
class ContractCheckerTest {
    static final TargetSpec X86 = TargetSpec.named("x86_64");

    static final String ENGINE = """
            crate engine VERSION;
            #[repr(C)]
            pub struct Color { pub r: u8, pub g: u8, pub b: u8 }
            #[frozen] #[repr(u8)]
            pub enum Mode { Off, On }
            pub fn set(m: Mode, c: &Color);
            """;

    static final String APP = """
            crate app 0.3.0;
            #[repr(C)] #[frozen]
            pub struct Particle { pub tint: *const engine::Color, pub life: f32 }
            pub fn run(m: engine::Mode);
            """;

    /** Before frozen types had to hold only frozen ones: {@code Particle} holds the resilient {@code Color} by value. */
    static final String OLD_APP = APP.replace("pub tint: *const engine::Color", "pub tint: engine::Color");

    static String engine(String version) {
        return ENGINE.replace("VERSION", version);
    }

    /** The app as compiled against {@code engineText} (the whole engine as its view), with no code. */
    static InputCrate app(String engineText) {
        List<Crate> crates = ContractFixtures.steg(APP, engineText);
        return new InputCrate("app.rcrate", ContractFixtures.codeless(crates.get(0), List.of(crates.get(1))));
    }

    static List<String> lines(List<Diagnostic> ds) {
        List<String> out = new ArrayList<>();
        ds.forEach(d -> out.add(d.severity().label() + ": " + d.message()));
        return out;
    }

    static List<Diagnostic> check(String viewEngine, String exportEngine, SemverMode mode) {
        return ContractChecker.check(List.of(app(viewEngine), ContractFixtures.exportOnly("engine.rcrate", exportEngine)),
                mode, X86);
    }

    @Test
    void sameLineNewerIsSilentInBothModes() {
        for (SemverMode m : SemverMode.values()) {
            assertThat(check(engine("1.2.0"), engine("1.2.0"), m)).isEmpty();
            assertThat(check(engine("1.2.0"), engine("1.9.3"), m)).isEmpty();
            assertThat(check(engine("0.4.1"), engine("0.4.7"), m)).isEmpty();
        }
    }

    @Test
    void olderExportWarnsOrIsRefusedUnderStrict() {
        String head = "app@0.3.0 (app.rcrate) was built against engine@1.2.0 but the link has engine@1.1.0 (engine.rcrate), "
                + "an older version";
        List<Diagnostic> w = check(engine("1.2.0"), engine("1.1.0"), SemverMode.STRUCTURAL);
        assertThat(lines(w)).containsExactly("warning: " + head + "; every contract it uses is structurally compatible");
        assertThat(w.get(0).details()).containsExactly("expected: engine >=1.2.0, <2.0.0", "found: 1.1.0",
                "--semver strict refuses this");
        assertThat(lines(check(engine("1.2.0"), engine("1.1.0"), SemverMode.STRICT)))
                .containsExactly("error: " + head + " (--semver strict)");
    }

    @Test
    void zeroMajorVersionsFollowCargo() {
        assertThat(lines(check(engine("0.4.1"), engine("0.5.0"), SemverMode.STRICT))).singleElement().asString()
                .endsWith("engine@0.5.0 (engine.rcrate), a semver-incompatible version (--semver strict)");
        assertThat(check(engine("0.4.1"), engine("0.5.0"), SemverMode.STRICT).get(0).details())
                .startsWith("expected: engine >=0.4.1, <0.5.0");
        assertThat(lines(check(engine("0.0.3"), engine("0.0.4"), SemverMode.STRICT))).singleElement().asString()
                .contains("a semver-incompatible version");
        assertThat(check(engine("1.0.0"), engine("2.0.0"), SemverMode.STRUCTURAL)).singleElement()
                .extracting(Diagnostic::isError).isEqualTo(false);
    }

    @Test
    void frozenEnumWhoseVariantsSwappedChangesItsTags() {
        String swapped = engine("1.1.0").replace("Off, On", "On, Off");
        assertThat(lines(check(engine("1.0.0"), swapped, SemverMode.STRUCTURAL))).containsExactly(
                "error: app@0.3.0 (app.rcrate) imports engine@1.0.0 but engine@1.1.0 (engine.rcrate) changed the layout "
                        + "of frozen engine::Mode: expected size 1, align 1, tag at 0 (size 1), Off = 0, On = 1, "
                        + "found size 1, align 1, tag at 0 (size 1), On = 0, Off = 1");
    }

    @Test
    void aResilientViewTypeHeldByValueInTheImportersFrozenTypeIsRefusedAndPinned() {
        // the .steg compiler refuses a frozen type holding a resilient one ...
        assertThat(dev.race.steg.lang.StegCompiler.compile(List.of(new dev.race.steg.lang.Source("app.steg", OLD_APP),
                new dev.race.steg.lang.Source("engine.steg", engine("1.0.0")))).diagnostics())
                .anySatisfy(d -> assertThat(d.message()).startsWith("frozen struct `app::Particle` holds `engine::Color` "
                        + "by value in field `tint`, but `engine::Color` is not #[frozen]"));
        // ... so an app.rcrate written before the rule (its STEG compiled by hand against a frozen Color, its view the
        // real engine) is refused by the link, and its frozen layout is still pinned
        Crate oldApp = ContractFixtures.steg(OLD_APP, engine("1.0.0").replace("#[repr(C)]\npub struct Color",
                "#[repr(C)] #[frozen]\npub struct Color")).get(0);
        Crate view = ContractFixtures.steg(engine("1.0.0")).get(0);
        InputCrate app = new InputCrate("app.rcrate", ContractFixtures.codeless(oldApp, List.of(view)));
        String grown = engine("1.1.0").replace("pub b: u8 }", "pub b: u8, pub a: u8 }");
        List<Diagnostic> ds = ContractChecker.check(List.of(app, ContractFixtures.exportOnly("engine.rcrate", grown)),
                SemverMode.STRUCTURAL, X86);
        assertThat(lines(ds)).containsExactly(
                "error: app@0.3.0 (app.rcrate) holds a resilient type by value in field app::Particle.tint of frozen "
                        + "app::Particle: expected a primitive, a pointer or a #[frozen] type, found engine::Color, and "
                        + "engine::Color is not #[frozen]",
                "error: app@0.3.0 (app.rcrate) imports engine@1.0.0 but engine@1.1.0 (engine.rcrate) changed the layout "
                        + "of engine::Color, which frozen app::Particle holds by value: expected size 3, align 1, r at 0, "
                        + "g at 1, b at 2, found size 4, align 1, r at 0, g at 1, b at 2, a at 3");
        // the app as the rule wants it (a pointer to the resilient type) links with the grown engine
        assertThat(check(engine("1.0.0"), grown, SemverMode.STRUCTURAL)).isEmpty();
    }

    @Test
    void anAlignmentRaisedUnderATypeTheImporterEmbedsInStorageOfItsOwnIsRefused() {
        String engine = """
                crate engine 1.0.0;
                pub struct Buf { pub x: i64 }
                """;
        String app = """
                crate app 0.3.0;
                pub struct Holder { pub n: u8, pub b: engine::Buf }
                """;
        String aligned = engine.replace("1.0.0", "1.1.0").replace("pub struct Buf", "#[repr(align(64))] pub struct Buf");
        List<Crate> crates = ContractFixtures.steg(app, engine);
        for (boolean sized : List.of(true, false)) {
            dev.race.format.rcrate.RcrateFile f = ContractFixtures.codeless(crates.get(0), List.of(crates.get(1)));
            List<dev.race.format.marker.Marker> queries = sized
                    ? List.of(new dev.race.format.marker.Marker.Size(dev.race.steg.model.Path.parse("app::Holder")))
                    : List.of();
            f = new dev.race.format.rcrate.RcrateFile(f.target(), f.crate(), f.imports(), f.objects(), f.sections(),
                    f.groups(), f.symbols(), f.relocations(), queries);
            List<Diagnostic> ds = ContractChecker.check(List.of(new InputCrate("app.rcrate", f),
                    ContractFixtures.exportOnly("engine.rcrate", aligned)), SemverMode.STRUCTURAL, X86);
            if (sized) {
                // app allocates its Holder (its size marker), whose alignment rises with the Buf it holds by value
                assertThat(lines(ds)).containsExactly("error: app@0.3.0 (app.rcrate) imports engine@1.0.0 but "
                        + "engine@1.1.0 (engine.rcrate) raised the alignment of engine::Buf, which app@0.3.0 embeds in "
                        + "app::Holder, which it allocates: expected align 8, found align 64");
            } else {
                // Holder is never sized, so never allocated by app's code: the linker lays it out, nothing to refuse
                assertThat(ds).isEmpty();
            }
        }
    }

    @Test
    void anUnsolvableFrozenExportIsReportedNotThrown() {
        String bad = engine("1.1.0").replace("#[frozen] #[repr(u8)]\npub enum Mode { Off, On }",
                "#[frozen] #[repr(u8)]\npub enum Mode { Off, On(Missing) }\npub type Missing = Gone;\n#[frozen] pub struct Gone { x: [u8; 0x7fffffffffffffff], y: [u8; 0x7fffffffffffffff] }");
        List<Diagnostic> ds = check(engine("1.0.0"), bad, SemverMode.STRUCTURAL);
        assertThat(lines(ds)).anySatisfy(l -> assertThat(l).startsWith(
                "error: app@0.3.0 (app.rcrate) imports engine@1.0.0 but engine@1.1.0 (engine.rcrate): cannot solve the layout of engine::Mode: "));
    }

    @Test
    void aCrateGivenTwiceIsAnErrorAndTheFirstWins() {
        List<Diagnostic> ds = ContractChecker.check(List.of(app(engine("1.0.0")),
                ContractFixtures.exportOnly("engine-1.rcrate", engine("1.0.0")),
                ContractFixtures.exportOnly("engine-2.rcrate", engine("2.0.0"))), SemverMode.STRICT, X86);
        assertThat(lines(ds)).containsExactly("error: crate engine is given twice: engine@1.0.0 (engine-1.rcrate) and "
                + "engine@2.0.0 (engine-2.rcrate)");
    }

    @Test
    void everyImporterIsCheckedInInputOrderAndTheResultIsDeterministic() {
        String changed = engine("1.1.0").replace("pub fn set(m: Mode, c: &Color);", "pub fn set(m: Mode, c: *const Color);");
        List<Crate> second = ContractFixtures.steg(APP.replace("crate app 0.3.0", "crate tool 2.0.0").replace("app::", "tool::"),
                engine("1.0.0"));
        InputCrate tool = new InputCrate("tool.rcrate", ContractFixtures.codeless(second.get(0), List.of(second.get(1))));
        List<InputCrate> inputs = List.of(app(engine("1.0.0")), ContractFixtures.exportOnly("engine.rcrate", changed), tool);
        List<Diagnostic> ds = ContractChecker.check(inputs, SemverMode.STRUCTURAL, X86);
        String tail = " imports engine@1.0.0 but engine@1.1.0 (engine.rcrate) changed the ownership of parameter c of "
                + "engine::set: expected &engine::Color, found *const engine::Color";
        assertThat(lines(ds)).containsExactly("error: app@0.3.0 (app.rcrate)" + tail, "error: tool@2.0.0 (tool.rcrate)" + tail);
        assertThat(ds.get(0).details()).containsExactly("expected: &engine::Color", "found: *const engine::Color",
                "no marker or call of app.rcrate names it; it is part of the view because an item it uses mentions it");
        assertThat(ContractChecker.check(inputs, SemverMode.STRUCTURAL, X86)).isEqualTo(ds);
    }

    @Test
    void aFieldReachedThroughATupleAnAliasOrAnOptionIsUsed(@TempDir java.nio.file.Path dir) throws Exception {
        String engine = """
                crate engine 1.0.0;
                pub struct Transform { pub scale: i32, pub spare: i64, pub depth: i16, pub idle: u8 }
                """;
        String plugin = """
                crate plugin 1.0.0;
                pub type Pair = (u8, engine::Transform);
                pub struct Holder {
                    pub pair: (u8, engine::Transform),
                    pub aliased: Pair,
                    pub opt: Option<engine::Transform>,
                }
                pub fn f(h: *const u8) -> i64;
                """;
        // Holder.pair.1.scale, Holder.aliased.1.spare and Holder.opt.Some.0.depth go through those Transform fields
        ElfObject obj = ContractFixtures.gcc(dir, "plugin.o", """
                extern const char __race_off_6plugin6Holder_4pair01_5scale[];
                extern const char __race_off_6plugin6Holder_7aliased01_5spare[];
                extern const char __race_off_6plugin6Holder_3opt4Some00_5depth[];
                long f(const char *h) {
                    return *(int *)(h + (unsigned long)__race_off_6plugin6Holder_4pair01_5scale)
                        + *(long *)(h + (unsigned long)__race_off_6plugin6Holder_7aliased01_5spare)
                        + *(short *)(h + (unsigned long)__race_off_6plugin6Holder_3opt4Some00_5depth);
                }
                """);
        InputCrate app = ContractFixtures.plugin(obj, plugin, engine);
        String head = "plugin@1.0.0 (plugin.rcrate) imports engine@1.0.0 but engine@1.1.0 (engine.rcrate) ";
        for (String field : List.of("scale: i32", "spare: i64", "depth: i16")) {
            String removed = engine.replace("1.0.0", "1.1.0").replace("pub " + field, "pub other: u8");
            List<Diagnostic> ds = ContractChecker.check(
                    List.of(app, ContractFixtures.exportOnly("engine.rcrate", removed)), SemverMode.STRUCTURAL, X86);
            String name = field.substring(0, field.indexOf(':'));
            assertThat(lines(ds)).containsExactly("error: " + head + "has no field engine::Transform." + name
                    + ": expected " + field + ", found no such field");
            assertThat(ds.get(0).details())
                    .anyMatch(d -> d.matches("used at plugin\\.o:\\.text\\+0x[0-9a-f]+ \\(in f\\) via plugin::Holder"));
        }
        // a field no query goes through is still only a warning
        String idleRemoved = engine.replace("1.0.0", "1.1.0").replace(", pub idle: u8", "");
        assertThat(lines(ContractChecker.check(List.of(app, ContractFixtures.exportOnly("engine.rcrate", idleRemoved)),
                SemverMode.STRUCTURAL, X86))).containsExactly("warning: " + head
                + "has no field engine::Transform.idle: expected idle: u8, found no such field");
    }

    @Test
    void aCheckpointIsCalledInsideTheCheckAndAnExceptionFromItStopsTheCheck() {
        List<InputCrate> inputs = List.of(app(engine("1.2.0")), ContractFixtures.exportOnly("engine.rcrate",
                engine("2.0.0")));
        int[] calls = {0};
        List<Diagnostic> all = ContractChecker.check(inputs, SemverMode.STRUCTURAL, X86, () -> calls[0]++);
        assertThat(all).isEqualTo(ContractChecker.check(inputs, SemverMode.STRUCTURAL, X86));
        // per importer (2), per view (1), per rule of the view and per item a rule walks: many more than the inputs
        assertThat(calls[0]).isGreaterThan(8);

        // a link that is cancelled throws from its checkpoint: the check stops there, at any call
        for (int stopAt : new int[] {1, 3, calls[0] / 2, calls[0]}) {
            int[] seen = {0};
            RuntimeException stop = new RuntimeException("cancelled");
            try {
                ContractChecker.check(inputs, SemverMode.STRUCTURAL, X86, () -> {
                    if (++seen[0] == stopAt) throw stop;
                });
                throw new AssertionError("the check went on after its checkpoint threw at call " + stopAt);
            } catch (RuntimeException e) {
                assertThat(e).isSameAs(stop);
            }
            assertThat(seen[0]).isEqualTo(stopAt);
        }
    }
}
