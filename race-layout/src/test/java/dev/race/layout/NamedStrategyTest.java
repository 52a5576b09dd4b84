package dev.race.layout;

import dev.race.steg.model.Repr;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.race.layout.M.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Strategies selected by name ({@code Repr.Kind.STRATEGY}) through a {@link LayoutStrategies} registry, and the
 * public {@link Placements} helpers a strategy builds on. The end-to-end test with a strategy in a jar of its own,
 * checked against gcc, is race-link's LayoutStrategyLinkTest.
 */
class NamedStrategyTest {
    /** Fields in reverse declaration order, in version 7 of its rules. */
    static final class Reversed implements LayoutStrategy {
        @Override
        public String name() {
            return "reversed";
        }

        @Override
        public int version() {
            return 7;
        }

        @Override
        public StructPlacement place(List<FieldLayout> fields, Repr repr, TargetSpec target) {
            List<Integer> order = new java.util.ArrayList<>();
            for (int i = fields.size() - 1; i >= 0; i--) order.add(i);
            return Placements.inOrder(fields, order, repr);
        }
    }

    /** Another class giving the same name. */
    static final class AlsoReversed implements LayoutStrategy {
        @Override
        public String name() {
            return "reversed";
        }

        @Override
        public StructPlacement place(List<FieldLayout> fields, Repr repr, TargetSpec target) {
            return Placements.sequential(fields, repr);
        }
    }

    private static LayoutSolver solver(LayoutStrategies s, dev.race.steg.model.Item... items) {
        return new LayoutSolver(TargetSpec.named("x86_64"), List.of(crate(items)), s);
    }

    @Test
    void aStructNamingAStrategyIsPlacedByIt() {
        LayoutSolver s = solver(LayoutStrategies.of(List.of(new Reversed())),
                struct("P", Repr.strategy("reversed", 7, 0, 0), f("a", U8), f("b", U32), f("c", U16)));
        TypeLayout l = s.layout(p("P"));
        assertThat(l.strategy()).isEqualTo("reversed");
        assertThat(l.fields()).extracting(FieldLayout::offset).containsExactly(8L, 4L, 0L);
        assertThat(l.size()).isEqualTo(12);
        assertThat(l.align()).isEqualTo(4);
        // an unrecorded version (0) is placed by whatever version is provided
        assertThat(solver(LayoutStrategies.of(List.of(new Reversed())),
                struct("P", Repr.strategy("reversed", 0, 0, 0), f("a", U8))).sizeOf(p("P"))).isEqualTo(1);
    }

    @Test
    void packedAndAlignReachTheStrategy() {
        LayoutSolver s = solver(LayoutStrategies.of(List.of(new Reversed())),
                struct("P", Repr.strategy("reversed", 7, 1, 0), f("a", U8), f("b", U32)),
                struct("Q", Repr.strategy("reversed", 7, 0, 16), f("a", U8), f("b", U32)));
        assertThat(s.layout(p("P")).fields()).extracting(FieldLayout::offset).containsExactly(4L, 0L);
        assertThat(s.sizeOf(p("P"))).isEqualTo(5);
        assertThat(s.alignOf(p("Q"))).isEqualTo(16);
        assertThat(s.sizeOf(p("Q"))).isEqualTo(16);
    }

    @Test
    void aNameNobodyProvidesOrAnotherVersionIsALayoutErrorNamingTheCrate() {
        LayoutSolver none = solver(LayoutStrategies.of(List.of()),
                struct("P", Repr.strategy("reversed", 7, 0, 0), f("a", U8)));
        assertThatThrownBy(() -> none.layout(p("P"))).isInstanceOf(LayoutException.class)
                .hasMessage("t::P: crate t lays out struct t::P with layout strategy `reversed`, which nothing on the "
                        + "class path provides (provided: c, race, transparent): " + LayoutStrategies.hint());
        LayoutSolver other = solver(LayoutStrategies.of(List.of(new Reversed())),
                struct("P", Repr.strategy("reversed", 6, 0, 0), f("a", U8)));
        assertThatThrownBy(() -> other.layout(p("P"))).isInstanceOf(LayoutException.class)
                .hasMessage("t::P: crate t was built with version 6 of layout strategy `reversed`, but the class path "
                        + "provides version 7 (dev.race.layout.NamedStrategyTest$Reversed): the two may place t::P "
                        + "differently; put the jar of version 6 on the class path, or rebuild crate t with version 7");
        LayoutSolver twice = solver(LayoutStrategies.of(List.of(new Reversed(), new AlsoReversed())),
                struct("P", Repr.strategy("reversed", 7, 0, 0), f("a", U8)));
        assertThatThrownBy(() -> twice.layout(p("P"))).isInstanceOf(LayoutException.class)
                .hasMessage("t::P: two providers on the given strategies give layout strategy `reversed`: "
                        + "dev.race.layout.NamedStrategyTest$Reversed and dev.race.layout.NamedStrategyTest$AlsoReversed;"
                        + " keep only one of their jars");
        LayoutSolver onEnum = solver(LayoutStrategies.of(List.of(new Reversed())),
                enumOf("E", Repr.strategy("reversed", 7, 0, 0), unit("A", 0)));
        assertThatThrownBy(() -> onEnum.layout(p("E"))).isInstanceOf(LayoutException.class)
                .hasMessageContaining("an enum cannot name a layout strategy (`reversed`)");
    }

    @Test
    void aProviderCannotReplaceABuiltInStrategy() {
        LayoutStrategy fakeC = new LayoutStrategy() {
            @Override
            public String name() {
                return "c";
            }

            @Override
            public StructPlacement place(List<FieldLayout> fields, Repr repr, TargetSpec target) {
                throw new AssertionError("never used");
            }
        };
        LayoutStrategies s = LayoutStrategies.of(List.of(fakeC));
        assertThat(s.get("c")).isInstanceOf(CStrategy.class);
        assertThat(s.names()).containsExactly("c", "race", "transparent");
        assertThat(LayoutStrategies.current().names()).containsExactly("c", "race", "transparent");
    }

    @Test
    void placementHelpersAgreeWithTheBuiltInStrategies() {
        List<FieldLayout> fs = List.of(new FieldLayout("a", U8, 0, 1, 1), new FieldLayout("b", U64, 0, 8, 8),
                new FieldLayout("c", U16, 0, 2, 2));
        assertThat(Placements.sequential(fs, Repr.DEFAULT)).isEqualTo(new CStrategy().place(fs, Repr.DEFAULT,
                TargetSpec.named("x86_64")));
        assertThat(Placements.reordered(fs, null, Repr.DEFAULT)).isEqualTo(new RaceStrategy().place(fs, Repr.DEFAULT,
                TargetSpec.named("x86_64")));
        // by decreasing alignment by hand: b, c, a
        assertThat(Placements.inOrder(fs, List.of(1, 2, 0), Repr.DEFAULT))
                .isEqualTo(new StructPlacement(new long[] {10, 0, 8}, 16, 8));
        assertThat(Placements.effectiveAlign(fs.get(1), new Repr(Repr.Kind.C, 2, 0, null))).isEqualTo(2);
        assertThat(Placements.roundUp(13, 8)).isEqualTo(16);
        assertThatThrownBy(() -> Placements.inOrder(fs, List.of(0, 0, 1), Repr.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("order [0, 0, 1] is not a permutation of 0..2");
    }
}
