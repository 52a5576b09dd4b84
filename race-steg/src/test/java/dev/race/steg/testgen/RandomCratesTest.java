package dev.race.steg.testgen;

import dev.race.steg.model.Crate;
import dev.race.steg.model.Field;
import dev.race.steg.model.Item;
import dev.race.steg.model.Param;
import dev.race.steg.model.Path;
import dev.race.steg.model.Type;
import dev.race.steg.model.Variant;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

class RandomCratesTest {

    @Test
    void theSameSeedGivesAnEqualCrateWithTheRequestedItemCount() {
        for (long seed = 0; seed < 20; seed++) {
            assertThat(RandomCrates.generate(seed, 25)).isEqualTo(RandomCrates.generate(seed, 25));
            assertThat(RandomCrates.generate(seed, 25).items()).hasSize(25);
        }
        assertThat(RandomCrates.generate(1, 25)).isNotEqualTo(RandomCrates.generate(2, 25));
    }

    @Test
    void namedTypesReferToEarlierValueItemsAndTraitsExist() {
        for (long seedLoop = 0; seedLoop < 200; seedLoop++) {
            long seed = seedLoop;
            Crate c = RandomCrates.generate(seed, 30);
            Set<Path> valueItems = new HashSet<>();
            Set<Path> traits = new HashSet<>();
            for (Item item : c.items()) {
                Consumer<Type> check = t -> walk(t, n -> {
                    if (n instanceof Type.Named named) {
                        assertThat(valueItems).as("seed %d, %s", seed, item.path()).contains(named.path());
                    } else if (n instanceof Type.Dyn dyn) {
                        assertThat(traits).as("seed %d, %s", seed, item.path()).contains(dyn.trait());
                    }
                });
                if (item instanceof Item.Struct s) {
                    fields(s.fields(), check);
                    valueItems.add(s.path());
                } else if (item instanceof Item.Enum e) {
                    assertThat(e.variants().stream().map(Variant::name).distinct()).hasSize(e.variants().size());
                    assertThat(e.variants().stream().filter(v -> v.discriminant() != null).map(Variant::discriminant).distinct().count())
                            .isEqualTo(e.variants().stream().filter(v -> v.discriminant() != null).count());
                    e.variants().forEach(v -> fields(v.fields(), check));
                    valueItems.add(e.path());
                } else if (item instanceof Item.TypeAlias a) {
                    check.accept(a.target());
                    valueItems.add(a.path());
                } else if (item instanceof Item.Trait t) {
                    t.methods().forEach(m -> m.sig().params().stream().map(Param::type).forEach(check));
                    traits.add(t.path());
                } else if (item instanceof Item.Impl i) {
                    assertThat(traits).contains(i.trait());
                    check.accept(i.forType());
                } else if (item instanceof Item.Function f) {
                    f.sig().params().stream().map(Param::type).forEach(check);
                    check.accept(f.sig().ret());
                    walk(f.sig().ret(), n -> assertThat(n).isNotInstanceOf(Type.SelfType.class));
                }
            }
        }
    }

    private static void fields(List<Field> fields, Consumer<Type> check) {
        assertThat(fields.stream().map(Field::name).distinct()).hasSize(fields.size());
        fields.forEach(f -> check.accept(f.type()));
    }

    private static void walk(Type t, Consumer<Type> visit) {
        visit.accept(t);
        if (t instanceof Type.Array a) {
            walk(a.element(), visit);
        } else if (t instanceof Type.Tuple tu) {
            tu.elements().forEach(e -> walk(e, visit));
        } else if (t instanceof Type.Ref r) {
            walk(r.target(), visit);
        } else if (t instanceof Type.RawPtr r) {
            walk(r.target(), visit);
        } else if (t instanceof Type.BoxOf b) {
            walk(b.target(), visit);
        } else if (t instanceof Type.Slice s) {
            walk(s.element(), visit);
        } else if (t instanceof Type.OptionOf o) {
            walk(o.inner(), visit);
        } else if (t instanceof Type.FnPtr f) {
            f.params().forEach(p -> walk(p, visit));
            walk(f.ret(), visit);
        }
    }
}
