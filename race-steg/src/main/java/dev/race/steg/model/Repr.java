package dev.race.steg.model;

import java.util.Objects;

/**
 * The {@code #[repr(..)]} of a struct or enum. {@code kind} is the layout strategy named by the
 * attribute: RUST (no repr: the RACE default, resilient), C, TRANSPARENT, or STRATEGY: a strategy a user
 * selects by name ({@code #[repr(strategy = "name")]}, or the crate default {@code #![repr(strategy = "name")]}),
 * structs only. {@code packed} is the N of {@code packed(N)} ({@code packed} alone is 1, 0 means not packed);
 * {@code align} is the N of {@code align(N)} (0 means none); {@code intType} is the discriminant type of an enum
 * ({@code repr(u8)} ...), or null. {@code strategy} is the strategy's name for kind STRATEGY (null otherwise) and
 * {@code strategyVersion} the version of that strategy the crate was laid out with (0: not recorded, as when the
 * .steg was compiled where no strategy of that name was on the class path; always 0 for the other kinds).
 */
public record Repr(Kind kind, int packed, int align, PrimKind intType, String strategy, int strategyVersion) {
    public enum Kind { RUST, C, TRANSPARENT, STRATEGY }

    public static final Repr DEFAULT = new Repr(Kind.RUST, 0, 0, null);

    public Repr {
        Objects.requireNonNull(kind);
        if (packed < 0 || align < 0) throw new IllegalArgumentException("negative packed/align");
        if (intType != null && !intType.isInteger()) throw new IllegalArgumentException("repr int type must be an integer");
        if ((kind == Kind.STRATEGY) != (strategy != null)) {
            throw new IllegalArgumentException("a strategy name goes with kind STRATEGY, and only with it");
        }
        if (strategy != null && strategy.isEmpty()) throw new IllegalArgumentException("empty strategy name");
        if (strategyVersion < 0 || strategy == null && strategyVersion != 0) {
            throw new IllegalArgumentException("strategy version " + strategyVersion);
        }
    }

    /** A repr of one of the built-in kinds (no named strategy). */
    public Repr(Kind kind, int packed, int align, PrimKind intType) {
        this(kind, packed, align, intType, null, 0);
    }

    /** {@code #[repr(strategy = "name")]} with the recorded version (0: none) and the packed/align modifiers. */
    public static Repr strategy(String name, int version, int packed, int align) {
        return new Repr(Kind.STRATEGY, packed, align, null, Objects.requireNonNull(name), version);
    }

    /** This repr with the strategy version recorded (kind STRATEGY only). */
    public Repr withStrategyVersion(int version) {
        return new Repr(kind, packed, align, intType, strategy, version);
    }

    public boolean isDefault() {
        return equals(DEFAULT);
    }
}
