package dev.race.link.pipeline;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The interned global-name table against a HashMap given the same operations, across many rehashes. */
class GlobalSymbolsTest {
    @Test
    void agreesWithAHashMapThroughGrowthAndRebinding() {
        GlobalSymbols table = new GlobalSymbols();
        Map<String, Long> model = new HashMap<>();
        Map<String, Integer> ids = new HashMap<>();
        Random random = new Random(13);
        for (int n = 0; n < 20_000; n++) {
            // mangled-looking names with long common prefixes, and some colliding hash codes ("Aa" and "BB")
            String name = "_ZN6engine" + random.nextInt(5000) + (random.nextBoolean() ? "Aa" : "BB") + "E";
            long def = (long) random.nextInt(800) << 32 | random.nextInt(100_000);
            int id = table.put(name, def);
            Integer prev = ids.putIfAbsent(name, id);
            assertThat(prev == null ? id : prev).isEqualTo(id);
            model.put(name, def);
        }
        assertThat(table.size()).isEqualTo(model.size());
        model.forEach((name, def) -> {
            assertThat(table.get(name)).isEqualTo(def);
            assertThat(table.name(table.id(name))).isEqualTo(name);
            assertThat(table.definition(table.id(name))).isEqualTo(def);
        });
        assertThat(table.get("_ZN6engine5000AaE")).isEqualTo(GlobalSymbols.NONE);
        assertThat(table.id("undefined")).isEqualTo(-1);
        Map<String, Long> seen = new HashMap<>();
        table.forEach(seen::put);
        assertThat(seen).isEqualTo(model);
        long[] ordered = table.definitionsInOrder();
        assertThat(ordered).hasSize(model.size());
        assertThat(ordered).isSorted();
    }

    @Test
    void refusesANegativeDefinition() {
        assertThatThrownBy(() -> new GlobalSymbols().put("x", -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("never negative");
    }
}
