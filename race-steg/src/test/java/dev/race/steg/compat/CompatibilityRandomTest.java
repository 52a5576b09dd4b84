package dev.race.steg.compat;

import dev.race.steg.compat.Mismatch.Kind;
import dev.race.steg.model.Crate;
import dev.race.steg.model.Field;
import dev.race.steg.model.Item;
import dev.race.steg.model.Repr;
import dev.race.steg.model.Type;
import dev.race.steg.model.PrimKind;
import dev.race.steg.model.Visibility;
import dev.race.steg.testgen.RandomCrates;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules over seeded random crates: what must be silent stays silent, one removal is reported exactly once. */
class CompatibilityRandomTest {
    private static final int SEEDS = 150;

    @Test
    void aCrateIsCompatibleWithItself() {
        for (long seed = 0; seed < SEEDS; seed++) {
            Crate c = RandomCrates.generate(seed, 30);
            assertThat(Compatibility.compare(c, c)).as("seed %d", seed).isEmpty();
        }
    }

    /** Reversed and extended fields of every resilient struct and reversed variants of every resilient enum. */
    @Test
    void resilientTypesMayReorderAndGrow() {
        for (long seed = 0; seed < SEEDS; seed++) {
            Crate c = RandomCrates.generate(seed, 30);
            List<Item> items = new ArrayList<>();
            for (Item it : c.items()) {
                if (it instanceof Item.Struct s && s.repr().isDefault() && !s.frozen()
                        && s.shape() == dev.race.steg.model.Shape.NAMED) {
                    List<Field> fs = new ArrayList<>(s.fields());
                    Collections.reverse(fs);
                    fs.add(new Field("added_in_2_0", Visibility.PUBLIC, Type.prim(PrimKind.U8)));
                    it = new Item.Struct(s.path(), s.visibility(), s.repr(), s.frozen(), s.nonExhaustive(), s.shape(), fs);
                } else if (it instanceof Item.Enum e && e.repr().equals(Repr.DEFAULT) && !e.frozen()) {
                    List<dev.race.steg.model.Variant> vs = new ArrayList<>(e.variants());
                    Collections.reverse(vs);
                    it = new Item.Enum(e.path(), e.visibility(), e.repr(), e.frozen(), e.nonExhaustive(), vs);
                }
                items.add(it);
            }
            Crate changed = new Crate(c.name(), c.version(), items);
            assertThat(Compatibility.compare(c, changed)).as("seed %d", seed).isEmpty();
        }
    }

    @Test
    void oneRemovedFieldIsReportedExactlyOnce() {
        int checked = 0;
        for (long seed = 0; seed < SEEDS; seed++) {
            Crate c = RandomCrates.generate(seed, 30);
            Random r = new Random(seed);
            List<Item.Struct> withFields = new ArrayList<>();
            c.items().forEach(it -> {
                if (it instanceof Item.Struct s && !s.fields().isEmpty()) withFields.add(s);
            });
            if (withFields.isEmpty()) continue;
            Item.Struct victim = withFields.get(r.nextInt(withFields.size()));
            Field gone = victim.fields().get(r.nextInt(victim.fields().size()));
            List<Item> items = new ArrayList<>();
            for (Item it : c.items()) {
                if (it == victim) {
                    List<Field> fs = new ArrayList<>(victim.fields());
                    fs.remove(gone);
                    it = new Item.Struct(victim.path(), victim.visibility(), victim.repr(), victim.frozen(),
                            victim.nonExhaustive(), victim.shape(), fs);
                }
                items.add(it);
            }
            assertThat(Compatibility.compare(c, new Crate(c.name(), c.version(), items))).as("seed %d", seed)
                    .containsExactly(new Mismatch(Kind.MISSING_FIELD, victim.path(), gone.name(),
                            gone.name() + ": " + dev.race.steg.model.TypeText.of(gone.type()), "no such field"));
            checked++;
        }
        assertThat(checked).isGreaterThan(SEEDS / 2);
    }

    @Test
    void anUnrelatedCrateMissesEveryItemAndNothingThrows() {
        for (long seed = 0; seed < SEEDS; seed++) {
            Crate a = RandomCrates.generate(seed, 20);
            Crate b = RandomCrates.generate(seed + 10_000, 20);
            List<Mismatch> m = Compatibility.compare(a, b);
            long sharedPaths = a.items().stream().filter(it -> b.item(it.path()).isPresent()).count();
            assertThat(m.stream().filter(x -> x.kind() == Kind.MISSING_ITEM).count()).as("seed %d", seed)
                    .isEqualTo(a.items().size() - sharedPaths);
        }
    }
}
