package dev.race.layout;

import dev.race.steg.model.PrimKind;
import dev.race.steg.model.Repr;
import dev.race.steg.model.Type;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.ServiceLoader;

import static dev.race.layout.M.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetAndStrategyTest {

    @Test
    void targetsAreLoadedFromResources() {
        assertThat(TargetSpec.names()).containsExactly("aarch64", "x86_64");
        for (String n : TargetSpec.names()) {
            TargetSpec t = TargetSpec.named(n);
            assertThat(t.name()).isEqualTo(n);
            assertThat(t.pointerSize()).isEqualTo(8);
            assertThat(t.pointerAlign()).isEqualTo(8);
            assertThat(t.sizeOf(PrimKind.U128)).isEqualTo(16);
            assertThat(t.alignOf(PrimKind.I128)).isEqualTo(16);
            assertThat(t.sizeOf(PrimKind.CHAR)).isEqualTo(4);
            assertThat(t.sizeOf(PrimKind.BOOL)).isEqualTo(1);
            assertThat(t.sizeOf(PrimKind.UNIT)).isZero();
            assertThat(t.alignOf(PrimKind.NEVER)).isEqualTo(1);
            assertThat(t.sizeOf(PrimKind.USIZE)).isEqualTo(t.pointerSize());
        }
    }

    @Test
    void anUnknownTargetListsTheKnownOnes() {
        assertThatThrownBy(() -> TargetSpec.named("riscv64")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown target 'riscv64' (known targets: aarch64, x86_64)");
    }

    @Test
    void serviceLoaderFindsTheThreeStrategies() {
        List<String> names = ServiceLoader.load(LayoutStrategy.class).stream().map(p -> p.get().name()).sorted()
                .toList();
        assertThat(names).containsExactly("c", "race", "transparent");
        assertThat(solver().strategyNames()).containsExactly("c", "race", "transparent");
    }

    @Test
    void strategiesCanBeCalledDirectly() {
        TargetSpec x = TargetSpec.named("x86_64");
        List<FieldLayout> fs = List.of(new FieldLayout("a", U8, 0, 1, 1), new FieldLayout("b", U64, 0, 8, 8));
        assertThat(new CStrategy().place(fs, Repr.DEFAULT, x))
                .isEqualTo(new StructPlacement(new long[]{0, 8}, 16, 8));
        assertThat(new RaceStrategy().place(fs, Repr.DEFAULT, x))
                .isEqualTo(new StructPlacement(new long[]{8, 0}, 16, 8));
        assertThat(new CStrategy().place(fs, new Repr(Repr.Kind.C, 1, 0, null), x))
                .isEqualTo(new StructPlacement(new long[]{0, 1}, 9, 1));
        assertThatThrownBy(() -> new TransparentStrategy().place(fs, Repr.DEFAULT, x))
                .isInstanceOf(LayoutException.class).hasMessageContaining("found 2");
    }

    @Test
    void solvingIsDeterministic() {
        var gen1 = new dev.race.layout.gen.ModelGenerator(42).rustTypes(60, 40);
        var gen2 = new dev.race.layout.gen.ModelGenerator(42).rustTypes(60, 40);
        assertThat(gen1.source()).isEqualTo(gen2.source());
        assertThat(gen1.crate()).isEqualTo(gen2.crate());
        LayoutResult a = new LayoutSolver(TargetSpec.named("x86_64"), List.of(gen1.crate())).solveAll();
        LayoutResult b = new LayoutSolver(TargetSpec.named("x86_64"), List.of(gen2.crate())).solveAll();
        assertThat(a.errors()).isEmpty();
        assertThat(a.layouts()).isEqualTo(b.layouts());
        // solving in another order gives the same answers (memoization does not leak order)
        LayoutSolver rev = new LayoutSolver(TargetSpec.named("x86_64"), List.of(gen1.crate()));
        for (int i = a.layouts().size() - 1; i >= 0; i--) {
            assertThat(rev.layout(a.layouts().get(i).path())).isEqualTo(a.layouts().get(i));
        }
    }

    @Test
    void raceIsNeverLargerThanCOverGeneratedStructs() {
        var gen = new dev.race.layout.gen.ModelGenerator(7).rustTypes(400, 100);
        LayoutSolver s = new LayoutSolver(TargetSpec.named("x86_64"), List.of(gen.crate()));
        TargetSpec x = TargetSpec.named("x86_64");
        int compared = 0;
        int smaller = 0;
        for (TypeLayout l : s.solveAll().layouts()) {
            if (!l.strategy().equals("race")) continue;
            Repr r = ((dev.race.steg.model.Item.Struct) gen.crate().item(l.path()).orElseThrow()).repr();
            Repr sameModifiers = new Repr(Repr.Kind.C, r.packed(), r.align(), null);
            StructPlacement c = new CStrategy().place(l.fields(), sameModifiers, x);
            assertThat(l.size()).as("%s: race %s vs C %s", l.path(), l.size(), c.size()).isLessThanOrEqualTo(c.size());
            // race leaves no padding between fields: only the tail is rounded up
            long sum = l.fields().stream().mapToLong(FieldLayout::size).sum();
            assertThat(l.size()).isLessThan(sum + l.align());
            compared++;
            if (l.size() < c.size()) smaller++;
        }
        assertThat(compared).isGreaterThan(250);
        assertThat(smaller).isPositive();
    }

    @Test
    void displayIsRustText() {
        LayoutSolver s = solver();
        assertThat(s.layout(opt(new Type.Ref(true, new Type.Slice(U8)))).display()).isEqualTo("Option<&mut [u8]>");
        assertThat(s.layout(arr(new Type.RawPtr(false, CHAR), 2)).display()).isEqualTo("[*const char; 2]");
    }
}
