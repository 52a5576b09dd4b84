package dev.race.link.contract;

import dev.race.layout.TargetSpec;
import dev.race.link.api.Diagnostic;
import dev.race.link.api.SemverMode;
import dev.race.link.contract.CrateDiff.Change;
import dev.race.link.contract.CrateDiff.Verdict;
import dev.race.link.pipeline.InputCrate;
import dev.race.steg.model.Crate;
import dev.race.steg.model.Item;
import dev.race.steg.model.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static dev.race.link.contract.ContractFixtures.ENGINE_1;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code race diff} over every case of {@link ContractCatalogueTest}: engine 1.0 against each changed engine. Each
 * classification agrees with what the link decides for the gcc-compiled plugin packed against engine 1.0: a link
 * error is a breaking change of the diff with the same text; a breaking change on an item the plugin's view has is
 * a link error (or, for "breaking if a client uses it", an error or a warning with the same text); a change the diff
 * calls compatible is never a link error; an item the view does not have is never in a link message.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrateDiffCatalogueTest {
    static final TargetSpec X86 = TargetSpec.named("x86_64");
    static final String P = ContractCatalogueTest.P;

    private InputCrate plugin;
    private Crate engine1;

    @BeforeAll
    void build(@TempDir java.nio.file.Path dir) throws Exception {
        plugin = ContractFixtures.plugin(ContractFixtures.gcc(dir, "plugin.o", ContractFixtures.PLUGIN_C),
                ContractFixtures.PLUGIN, ENGINE_1);
        engine1 = ContractFixtures.steg(ENGINE_1).get(0);
    }

    static Stream<Arguments> catalogue() {
        return ContractCatalogueTest.catalogue();
    }

    /** The link's message after "but engine@1.1.0 (engine.rcrate) ", with the importer named as race diff names it. */
    static String normalized(String linkMessage) {
        assertThat(linkMessage).startsWith(P);
        return linkMessage.substring(P.length())
                .replace("impl engine::Plugin for plugin::Physics binds", "a client of engine@1.0.0's impl of engine::Plugin binds")
                .replace("plugin@1.0.0", "a client of engine@1.0.0");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogue")
    void diffAgreesWithTheLink(String name, String from, String to, List<String> outcome) {
        String engineText = ContractCatalogueTest.engine("1.1.0", from, to);
        Crate engineN = ContractFixtures.steg(engineText).get(0);
        List<Diagnostic> link = ContractChecker.check(List.of(plugin, ContractFixtures.exportOnly("engine.rcrate",
                engineText)), SemverMode.STRUCTURAL, X86);
        CrateDiff.Result diff = CrateDiff.diff(engine1, List.of(), engineN, List.of(), X86);
        assertThat(diff.problems()).isEmpty();
        assertThat(diff.changes()).as("every case changes something").isNotEmpty();

        List<String> linkErrors = new ArrayList<>();
        List<String> linkWarnings = new ArrayList<>();
        for (Diagnostic d : link) (d.isError() ? linkErrors : linkWarnings).add(normalized(d.message()));
        Set<Path> view = new HashSet<>();
        plugin.file().imports().stream().filter(c -> c.name().equals("engine"))
                .forEach(c -> c.items().forEach(it -> view.add(it.path())));

        List<String> breaking = diff.changes().stream().filter(c -> c.verdict().breaking()).map(Change::message).toList();
        assertThat(breaking).as("every link error is a breaking change of the diff, same text").containsAll(linkErrors);
        if (!diff.breaking()) assertThat(linkErrors).as("nothing breaking: the link accepts").isEmpty();
        for (Change c : diff.changes()) {
            boolean inView = view.contains(c.item());
            if (c.verdict() == Verdict.BREAKING && inView) {
                assertThat(linkErrors).as("breaking %s: the link refuses it", c).contains(c.message());
            } else if (c.verdict() == Verdict.BREAKING_IF_USED && inView) {
                // the plugin uses it (an error), or does not (a warning, or nothing: it does not allocate the type)
                boolean mentioned = link.stream().anyMatch(d -> normalized(d.message()).equals(c.message()));
                boolean silent = link.stream().noneMatch(d -> normalized(d.message()).startsWith(c.what() + ":"));
                assertThat(mentioned || silent).as("breaking if used %s: the link says it with the same text or "
                        + "says nothing of it", c).isTrue();
            } else if (c.verdict().breaking()) {
                // the plugin's view does not have the item (the plugin does not use it): the link says nothing of it
                assertThat(link).noneMatch(d -> d.message().contains(c.item().toString()));
            } else {
                assertThat(linkErrors).as("compatible %s: the link accepts it", c).doesNotContain(c.message());
            }
        }
        if (linkErrors.isEmpty()) {
            assertThat(diff.changes()).as("the link accepts: nothing breaking the plugin uses")
                    .noneMatch(c -> c.verdict() == Verdict.BREAKING && view.contains(c.item()));
        }
        // the catalogue's own expectation, restated through the diff
        for (String o : outcome) {
            if (o.startsWith("error: ")) assertThat(breaking).contains(normalized(o.substring("error: ".length())));
        }
    }

    private List<Change> diff(String from, String to) {
        return CrateDiff.diff(engine1, List.of(), ContractFixtures.steg(ContractCatalogueTest.engine("1.1.0", from, to))
                .get(0), List.of(), X86).changes();
    }

    private static List<String> lines(List<Change> cs) {
        return cs.stream().map(c -> c.verdict().words() + ": " + c.what() + ": " + c.expected() + " -> " + c.found())
                .toList();
    }

    @Test
    void aFieldAddedToAResilientStructIsCompatibleUnderRaceOnly() {
        assertThat(lines(diff("pub tint: Color }", "pub tint: Color, pub layer: u8 }"))).containsExactly(
                "compatible under RACE: added field engine::Transform.layer: no such field -> layer: u8");
    }

    @Test
    void reorderedFieldsMoveOffsets() {
        assertThat(lines(diff("pub struct Transform { pub pos: Vec3, pub scale: f32, pub tint: Color }",
                "pub struct Transform { pub tint: Color, pub scale: f32, pub pos: Vec3 }"))).containsExactly(
                "compatible under RACE: reordered the fields of engine::Transform: pos, scale, tint -> tint, scale, pos");
    }

    @Test
    void narrowedEffectsANewFunctionAndARenamedParameterAreCompatibleForCToo() {
        assertThat(lines(diff("effects(alloc, panic);", "effects(panic);"))).containsExactly(
                "compatible: narrowed the effects of engine::spawn: effects(alloc, panic) -> effects(panic)");
        assertThat(lines(diff("pub fn unused(x: u32);\n", "pub fn unused(x: u32);\npub fn fresh() -> u8;\n")))
                .containsExactly("compatible: added function engine::fresh: nothing -> fn fresh() -> u8");
        assertThat(lines(diff("pub fn unused(x: u32);", "pub fn unused(y: u32);"))).containsExactly(
                "compatible: renamed parameter x of engine::unused: x -> y");
    }

    @Test
    void aRemovedFieldIsBreakingIfAClientUsesIt() {
        List<Change> cs = diff("pub g: u8, pub b: u8 }", "pub g: u8 }");
        assertThat(cs).filteredOn(c -> c.verdict() == Verdict.BREAKING_IF_USED).extracting(Change::message)
                .containsExactly("has no field engine::Color.b: expected b: u8, found no such field");
        assertThat(cs.get(0).note()).contains("a warning for one that does not");
    }

    @Test
    void aRequiredTraitMethodIsBreakingForAClientThatImplementsTheTrait() {
        List<Change> cs = diff("fn name(&self) -> &str;\n", "fn name(&self) -> &str;\nfn priority(&self) -> i32;\n");
        assertThat(cs).extracting(Change::verdict).contains(Verdict.BREAKING_IF_USED);
        assertThat(cs).filteredOn(c -> c.kind().equals("IMPL_METHOD_MISSING")).singleElement()
                .extracting(Change::note).asString().startsWith("an error for a client that implements engine::Plugin");
    }

    @Test
    void aFunctionNoPluginUsesRemovedIsStillBreakingForAClientThatUsesIt() {
        assertThat(diff("pub fn unused(x: u32);\n", "")).extracting(Change::verdict, Change::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Verdict.BREAKING,
                        "has no function engine::unused: expected fn unused(x: u32), found nothing"));
    }

    @Test
    void theTargetDecidesLayoutRules() {
        // #[repr(C)] on a field of u64 after a u8: the same on both targets; a resilient enum given repr(u8) loses its
        // 4-byte tag on both; what changes with the target is only the text of the layouts, solved for it
        Crate v2 = ContractFixtures.steg(ContractCatalogueTest.engine("1.1.0", "pub z: f32 }", "pub z: f32, pub w: f32 }"))
                .get(0);
        for (String t : List.of("x86_64", "aarch64")) {
            assertThat(CrateDiff.diff(engine1, List.of(), v2, List.of(), TargetSpec.named(t)).changes())
                    .extracting(Change::kind).contains("FROZEN_LAYOUT_CHANGED");
        }
    }

    @Test
    void aNewFunctionTakingAResilientTypeByValueIsBreakingAsTheLinkRefusesTheEngine() {
        String text = ContractCatalogueTest.engine("1.1.0", "pub fn unused(x: u32);\n",
                "pub fn unused(x: u32);\npub fn take(t: Transform) -> i32;\n");
        List<Change> cs = CrateDiff.diff(engine1, List.of(), ContractFixtures.steg(text).get(0), List.of(), X86).changes();
        assertThat(cs).extracting(Change::verdict, Change::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Verdict.BREAKING, "RESILIENT_BY_VALUE"));
        List<Diagnostic> link = ContractChecker.check(List.of(plugin, ContractFixtures.exportOnly("engine.rcrate", text)),
                SemverMode.STRUCTURAL, X86);
        assertThat(link).filteredOn(Diagnostic::isError).extracting(Diagnostic::message)
                .contains("engine@1.1.0 (engine.rcrate) " + cs.get(0).message());
    }

    @Test
    void anIdenticalCrateHasNoChange() {
        Crate same = ContractFixtures.steg(ENGINE_1.replace("1.0.0", "1.0.1")).get(0);
        assertThat(CrateDiff.diff(engine1, List.of(), same, List.of(), X86).changes()).isEmpty();
        assertThat(engine1.items()).anyMatch(it -> it instanceof Item.Trait);
    }
}
