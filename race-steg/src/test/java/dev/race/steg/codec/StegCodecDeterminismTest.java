package dev.race.steg.codec;

import dev.race.steg.model.Crate;
import dev.race.steg.model.FnSig;
import dev.race.steg.model.Item;
import dev.race.steg.model.Param;
import dev.race.steg.model.Path;
import dev.race.steg.model.PrimKind;
import dev.race.steg.model.Type;
import dev.race.steg.model.Version;
import dev.race.steg.model.Visibility;
import dev.race.steg.testgen.RandomCrates;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class StegCodecDeterminismTest {

    @Test
    void encodingTwiceGivesTheSameBytes() {
        assertThat(StegCodec.encode(SampleCrates.full())).isEqualTo(StegCodec.encode(SampleCrates.full()));
        for (long seed = 0; seed < 50; seed++) {
            Crate c = RandomCrates.generate(seed, 30);
            assertThat(StegCodec.encode(c)).isEqualTo(StegCodec.encode(c));
        }
    }

    @Test
    void equalCratesBuiltDifferentlyGiveTheSameBytes() {
        FnSig sigA = new FnSig("C", List.of(new Param("n", Type.prim(PrimKind.USIZE))), new Type.Prim(PrimKind.UNIT),
                reversed("panic", "alloc", "io"));
        FnSig sigB = new FnSig(new String(new char[] {'C'}), new ArrayList<>(List.of(new Param("n", new Type.Prim(PrimKind.USIZE)))),
                Type.UNIT, new TreeSet<>(List.of("io", "alloc", "panic")));
        Crate a = new Crate("k", Version.parse("1.2.3-rc.1+b7"), List.of(
                new Item.Function(Path.parse("k::sys::free"), Visibility.PUBLIC, "free", true, sigA)));
        Crate b = new Crate(new StringBuilder("k").toString(), new Version(1, 2, 3, "rc.1", "b7"), new ArrayList<>(List.of(
                new Item.Function(Path.of("k", "sys").child("free"), Visibility.PUBLIC, "free", true, sigB))));
        assertThat(a).isEqualTo(b);

        assertThat(StegCodec.encode(a)).isEqualTo(StegCodec.encode(b));
    }

    private static TreeSet<String> reversed(String... names) {
        TreeSet<String> s = new TreeSet<>(Comparator.reverseOrder());
        s.addAll(List.of(names));
        return s;
    }

    @Test
    void differentCratesGiveDifferentBytes() {
        byte[] one = StegCodec.encode(RandomCrates.generate(1, 20));
        byte[] two = StegCodec.encode(RandomCrates.generate(2, 20));

        assertThat(Arrays.equals(one, two)).isFalse();
    }
}
