package dev.race.steg.codec;

import dev.race.steg.model.Crate;
import dev.race.steg.model.Field;
import dev.race.steg.model.Item;
import dev.race.steg.model.Param;
import dev.race.steg.model.Path;
import dev.race.steg.model.PrimKind;
import dev.race.steg.model.Repr;
import dev.race.steg.model.Shape;
import dev.race.steg.model.TraitMethod;
import dev.race.steg.model.Type;
import dev.race.steg.model.Variant;
import dev.race.steg.model.Version;
import dev.race.steg.model.Visibility;
import dev.race.steg.testgen.RandomCrates;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StegCodecRoundTripTest {

    @Test
    void theFullSampleRoundTripsAndCoversEveryModelVariant() {
        Crate full = SampleCrates.full();
        byte[] bytes = StegCodec.encode(full);

        Crate back = StegCodec.decode(bytes);

        assertThat(back).isEqualTo(full);
        assertThat(back.items()).containsExactlyElementsOf(full.items());
        assertThat(StegCodec.encode(back)).isEqualTo(bytes);
        Coverage c = new Coverage();
        c.crate(full);
        // a named layout strategy needs format version 4: its own sample, so the full one keeps its bytes
        Crate strategies = SampleCrates.strategies();
        byte[] v4 = StegCodec.encode(strategies);
        assertThat(v4[4]).isEqualTo((byte) 4);
        assertThat(StegCodec.decode(v4)).isEqualTo(strategies);
        assertThat(StegCodec.encode(StegCodec.decode(v4))).isEqualTo(v4);
        c.crate(strategies);
        assertThat(c.itemKinds).containsExactlyInAnyOrder(Item.class.getPermittedSubclasses());
        assertThat(c.typeKinds).containsExactlyInAnyOrder(Type.class.getPermittedSubclasses());
        assertThat(c.prims).isEqualTo(EnumSet.allOf(PrimKind.class));
        assertThat(c.reprKinds).isEqualTo(EnumSet.allOf(Repr.Kind.class));
        assertThat(c.shapes).isEqualTo(EnumSet.allOf(Shape.class));
        assertThat(c.visibilities).isEqualTo(EnumSet.allOf(Visibility.class));
    }

    @Test
    void discriminantsKeepTheirExactValueIncludingNegativeAndWiderThan64Bits() {
        Item.Enum code = (Item.Enum) StegCodec.decode(StegCodec.encode(SampleCrates.full()))
                .item(Path.of("engine", "Code")).orElseThrow();

        assertThat(code.variants()).extracting(Variant::discriminant).extracting(d -> d == null ? "implicit" : d.toString())
                .containsExactly("0", "-1", "128", "-129", "1267650600228229401496703205383",
                        "-170141183460469231731687303715884105728", "implicit");
        assertThat(code.repr().intType()).isEqualTo(PrimKind.I128);
    }

    @Test
    void aThousandRandomCratesRoundTripToEqualCratesAndIdenticalBytes() {
        long totalBytes = 0;
        for (long seed = 0; seed < 1000; seed++) {
            Crate crate = RandomCrates.generate(seed, (int) (seed % 40));
            byte[] bytes = StegCodec.encode(crate);
            totalBytes += bytes.length;

            Crate back = StegCodec.decode(bytes);

            assertThat(back).as("seed %d", seed).isEqualTo(crate);
            assertThat(StegCodec.encode(back)).as("seed %d", seed).isEqualTo(bytes);
        }
        assertThat(totalBytes).isPositive();
    }

    @Test
    void decodesFromABufferSliceWithoutMovingItAndCountsOffsetsFromItsPosition() {
        byte[] blob = StegCodec.encode(SampleCrates.tiny());
        byte[] file = new byte[blob.length + 20];
        Arrays.fill(file, (byte) 0x5A);
        System.arraycopy(blob, 0, file, 7, blob.length);
        ByteBuffer buffer = ByteBuffer.wrap(file).asReadOnlyBuffer();
        buffer.position(7).limit(7 + blob.length);

        assertThat(StegCodec.decode(buffer)).isEqualTo(SampleCrates.tiny());
        assertThat(buffer.position()).isEqualTo(7);
        assertThat(buffer.limit()).isEqualTo(7 + blob.length);

        buffer.limit(7 + blob.length + 3);
        assertThatThrownBy(() -> StegCodec.decode(buffer)).isInstanceOfSatisfying(StegFormatException.class,
                e -> assertThat(e.offset()).isEqualTo(blob.length));
    }

    @Test
    void typesNestedExactly256DeepRoundTripAnd257AreRefusedByTheEncoder() {
        assertThat(StegCodec.decode(StegCodec.encode(aliasOf(nested(256))))).isEqualTo(aliasOf(nested(256)));

        assertThatThrownBy(() -> StegCodec.encode(aliasOf(nested(257))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("deeper than 256");
    }

    @Test
    void theEncoderRefusesAStringThatIsNotUnicode() {
        Crate bad = new Crate("a", Version.of(1, 0, 0), List.of(
                new Item.TypeAlias(Path.of("a", "bad\uD800name"), Visibility.PUBLIC, Type.UNIT)));

        assertThatThrownBy(() -> StegCodec.encode(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unpaired surrogate");
    }

    /** {@code Option<Option<...u8>>}, {@code depth} types in all. */
    static Type nested(int depth) {
        Type t = Type.prim(PrimKind.U8);
        for (int i = 1; i < depth; i++) {
            t = new Type.OptionOf(t);
        }
        return t;
    }

    static Crate aliasOf(Type t) {
        return new Crate("a", Version.of(1, 0, 0), List.of(new Item.TypeAlias(Path.of("a", "T"), Visibility.PUBLIC, t)));
    }

    /** Which model variants a crate exercises. */
    private static final class Coverage {
        final Set<Class<?>> itemKinds = new HashSet<>();
        final Set<Class<?>> typeKinds = new HashSet<>();
        final Set<PrimKind> prims = EnumSet.noneOf(PrimKind.class);
        final Set<Repr.Kind> reprKinds = EnumSet.noneOf(Repr.Kind.class);
        final Set<Shape> shapes = EnumSet.noneOf(Shape.class);
        final Set<Visibility> visibilities = EnumSet.noneOf(Visibility.class);

        void crate(Crate c) {
            for (Item item : c.items()) {
                itemKinds.add(item.getClass());
                if (item instanceof Item.Struct s) {
                    reprKinds.add(s.repr().kind());
                    shapes.add(s.shape());
                    visibilities.add(s.visibility());
                    fields(s.fields());
                } else if (item instanceof Item.Enum e) {
                    reprKinds.add(e.repr().kind());
                    for (Variant v : e.variants()) {
                        shapes.add(v.shape());
                        fields(v.fields());
                    }
                } else if (item instanceof Item.Trait t) {
                    for (TraitMethod m : t.methods()) {
                        m.sig().params().stream().map(Param::type).forEach(this::type);
                        type(m.sig().ret());
                    }
                } else if (item instanceof Item.Impl i) {
                    type(i.forType());
                } else if (item instanceof Item.Function f) {
                    f.sig().params().stream().map(Param::type).forEach(this::type);
                    type(f.sig().ret());
                } else if (item instanceof Item.TypeAlias a) {
                    type(a.target());
                }
            }
        }

        void fields(List<Field> fields) {
            for (Field f : fields) {
                visibilities.add(f.visibility());
                type(f.type());
            }
        }

        void type(Type t) {
            typeKinds.add(t.getClass());
            if (t instanceof Type.Prim p) {
                prims.add(p.kind());
            } else if (t instanceof Type.Array a) {
                type(a.element());
            } else if (t instanceof Type.Tuple tu) {
                tu.elements().forEach(this::type);
            } else if (t instanceof Type.Ref r) {
                type(r.target());
            } else if (t instanceof Type.RawPtr r) {
                type(r.target());
            } else if (t instanceof Type.BoxOf b) {
                type(b.target());
            } else if (t instanceof Type.Slice s) {
                type(s.element());
            } else if (t instanceof Type.OptionOf o) {
                type(o.inner());
            } else if (t instanceof Type.FnPtr f) {
                f.params().forEach(this::type);
                type(f.ret());
            }
        }
    }
}
