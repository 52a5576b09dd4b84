package dev.race.link.contract;

import dev.race.layout.TargetSpec;
import dev.race.link.contract.CrateDiff.Change;
import dev.race.link.contract.CrateDiff.Verdict;
import dev.race.steg.model.Crate;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code race diff} on supertraits and drop glue: one removed is breaking (the link refuses a client that saw it, see
 * TraitObjectLinkTest), with the link's own words; one added is compatible under RACE (the linker lays the slots and
 * upcast words out again).
 */
class CrateDiffSupertraitTest {
    static final String V1 = """
            crate engine 1.0.0;
            pub trait Named { fn name(&self) -> i64; }
            pub trait Tagged { fn tag(&self) -> i64; }
            pub trait Shape: Named { fn area(&self) -> i64; }
            pub trait Solid: Shape + Tagged { fn volume(&self) -> i64; }
            pub struct Ball { pub r: i64 }
            """;

    /** V1 against V1 as 1.1.0 with each pair (from, to) of {@code edits} replaced. */
    private static List<Change> diff(String... edits) {
        Crate a = ContractFixtures.steg(V1).get(0);
        String t = V1.replace("1.0.0", "1.1.0");
        for (int i = 0; i < edits.length; i += 2) t = t.replace(edits[i], edits[i + 1]);
        Crate b = ContractFixtures.steg(t).get(0);
        CrateDiff.Result r = CrateDiff.diff(a, List.of(), b, List.of(), TargetSpec.named("x86_64"));
        assertThat(r.problems()).isEmpty();
        return r.changes();
    }

    @Test
    void aRemovedSupertraitIsBreakingAndAnAddedOneCompatibleUnderRace() {
        List<Change> removed = diff("Solid: Shape + Tagged", "Solid: Shape");
        assertThat(removed).extracting(Change::verdict, Change::kind, Change::what, Change::expected, Change::found)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Verdict.BREAKING, "SUPERTRAIT_REMOVED",
                        "removed supertrait engine::Tagged of trait engine::Solid",
                        "trait engine::Solid: engine::Shape + engine::Tagged", "trait engine::Solid: engine::Shape"));
        List<Change> added = diff("Shape: Named", "Shape: Named + Tagged");
        assertThat(added).extracting(Change::verdict, Change::kind, Change::subject)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Verdict.COMPATIBLE_UNDER_RACE, "SUPERTRAIT_ADDED",
                        "supertrait engine::Tagged of trait engine::Shape"));
        assertThat(diff("Solid: Shape + Tagged", "Solid: Tagged + Shape"))
                .extracting(Change::verdict, Change::kind, Change::expected, Change::found)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Verdict.COMPATIBLE_UNDER_RACE,
                        "SUPERTRAITS_REORDERED", "trait engine::Solid: engine::Shape + engine::Tagged",
                        "trait engine::Solid: engine::Tagged + engine::Shape"));
        // drop glue is the vtable's word 0: compatible under RACE, for a struct whose layout did not change
        assertThat(diff("pub struct Ball", "#[drop = \"ball_drop\"]\npub struct Ball"))
                .extracting(Change::verdict, Change::kind, Change::expected, Change::found)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Verdict.COMPATIBLE_UNDER_RACE,
                        "DROP_GLUE_CHANGED", "no drop glue", "#[drop = \"ball_drop\"]"));
        // Tagged still a supertrait of Solid, through Shape: no removal, only Shape's addition
        assertThat(diff("Solid: Shape + Tagged", "Solid: Shape", "Shape: Named", "Shape: Named + Tagged"))
                .extracting(Change::kind).containsExactly("SUPERTRAIT_ADDED");
    }
}
