package dev.race.steg.codec;

import dev.race.steg.model.Crate;
import dev.race.steg.model.Field;
import dev.race.steg.model.Item;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The STEG binary format: how a crate's declarations are stored inside an {@code .rcrate}. The byte-level
 * specification is {@code docs/steg-binary.md}. Encoding is canonical: equal crates give equal bytes, and
 * a blob the decoder accepts re-encodes to exactly the same bytes, so a hash of the bytes identifies the
 * declarations.
 */
public final class StegCodec {
    /** The format version this codec writes, and the newest it reads. */
    public static final int FORMAT_VERSION = 4;

    /**
     * The version a crate is written in: 4 when a struct names a layout strategy; else 3 when it uses a trait
     * feature of version 3 (a supertrait, a {@code #[frozen]} trait) or drop glue; else 2 when a field has a
     * default; else 1. Each crate has one encoding,
     * and the bytes of a crate that uses nothing newer stay those of the older version.
     */
    static int versionFor(Crate crate) {
        if (usesStrategies(crate)) {
            return 4;
        }
        if (usesVersion3(crate)) {
            return 3;
        }
        return hasFieldDefaults(crate) ? 2 : 1;
    }

    /** Whether some struct of the crate names a layout strategy ({@code #[repr(strategy = "..")]}): version 4. */
    static boolean usesStrategies(Crate crate) {
        for (Item item : crate.items()) {
            if (item instanceof Item.Struct s && s.repr().kind() == dev.race.steg.model.Repr.Kind.STRATEGY
                    || item instanceof Item.Enum e && e.repr().kind() == dev.race.steg.model.Repr.Kind.STRATEGY) {
                return true;
            }
        }
        return false;
    }

    /** Whether the crate has a supertrait, a frozen trait, or a struct or enum with drop glue. */
    static boolean usesVersion3(Crate crate) {
        for (Item item : crate.items()) {
            if (item instanceof Item.Trait t && (t.frozen() || !t.supertraits().isEmpty())) {
                return true;
            }
            if (item instanceof Item.Struct s && s.dropSymbol() != null) {
                return true;
            }
            if (item instanceof Item.Enum e && e.dropSymbol() != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether some field (of a struct or an enum variant) of the crate has a default. Only such a crate needs version 2 (which adds a
     * default to every field); any other is written as version 1, so older readers keep reading it.
     */
    static boolean hasFieldDefaults(Crate crate) {
        for (Item item : crate.items()) {
            if (item instanceof Item.Struct s && s.fields().stream().anyMatch(Field::hasDefault)) {
                return true;
            }
            if (item instanceof Item.Enum e
                    && e.variants().stream().anyMatch(v -> v.fields().stream().anyMatch(Field::hasDefault))) {
                return true;
            }
        }
        return false;
    }

    private StegCodec() {
    }

    /**
     * Encodes a crate. Throws {@link IllegalArgumentException} for the two things the model allows but the
     * format cannot hold: a string with an unpaired UTF-16 surrogate, and type nesting deeper than 256.
     */
    public static byte[] encode(Crate crate) {
        return StegWriter.write(Objects.requireNonNull(crate, "crate"));
    }

    /** Decodes a whole array; any problem with the bytes is a {@link StegFormatException}. */
    public static Crate decode(byte[] bytes) {
        return StegReader.read(ByteBuffer.wrap(Objects.requireNonNull(bytes, "bytes")));
    }

    /**
     * Decodes the bytes from the buffer's position to its limit, which must hold exactly one STEG blob.
     * The buffer's position, limit and byte order are left unchanged; offsets in a
     * {@link StegFormatException} count from the position.
     */
    public static Crate decode(ByteBuffer buffer) {
        Objects.requireNonNull(buffer, "buffer");
        return StegReader.read(buffer.duplicate());
    }
}
