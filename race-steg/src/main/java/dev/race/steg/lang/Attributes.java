package dev.race.steg.lang;

import dev.race.steg.lang.Ast.AttrArg;
import dev.race.steg.lang.Ast.AttrNode;
import dev.race.steg.lang.Ast.Pos;
import dev.race.steg.model.PrimKind;
import dev.race.steg.model.Repr;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Validates outer attributes the way rustc does for the subset RACE understands: {@code #[repr(..)]},
 * {@code #[frozen]} (also on traits), {@code #[non_exhaustive]}, {@code #[symbol = ".."]} and {@code #[drop = ".."]}
 * (a struct's or enum's drop glue); {@code #[repr(strategy = "name")]} on a struct and the crate attribute
 * {@code #![repr(strategy = "name")]} select a layout strategy by name (docs/steg.md, "Layout strategies").
 */
final class Attributes {
    /** The largest alignment rustc accepts in {@code repr(align(N))} and {@code repr(packed(N))}. */
    static final long MAX_ALIGN = 1L << 29;

    /** Where an attribute is written; decides which attributes are allowed. */
    enum Target {
        STRUCT("a struct"), ENUM("an enum"), TRAIT("a trait"), IMPL("an impl"), FUNCTION("a function"),
        ALIAS("a type alias"), MODULE("a module"), USE("a use declaration"), FIELD("a field"),
        VARIANT("an enum variant"), TRAIT_METHOD("a trait method"), IMPL_METHOD("an impl method");

        final String described;

        Target(String described) {
            this.described = described;
        }
    }

    /** {@code strategyPos}: where the strategy was named (null when none was). */
    record Info(Repr repr, boolean frozen, boolean nonExhaustive, String symbol, String drop, Pos strategyPos) {
    }

    /** A crate's default strategy ({@code #![repr(strategy = "name")]}): its name, recorded version (0: none), where. */
    record CrateDefault(String strategy, int version, Pos pos) {
    }

    /** The strategies RACE builds in: they are selected by repr(C), repr(transparent) and no repr, never by name. */
    static final List<String> BUILT_IN = List.of("c", "race", "transparent");

    /** The {@code strategy = ".."} and {@code strategy_version = N} hints of one repr attribute. */
    private static final class StrategyHints {
        String name;
        int version;
        Pos pos;
        Pos versionPos;

        /** Takes the hint if it is one of the two; false when it is another hint. */
        boolean take(AttrArg arg, Target target, Reporter r) {
            String h = arg.name();
            if (!h.equals("strategy") && !h.equals("strategy_version")) {
                return false;
            }
            if (target != Target.STRUCT) {
                r.error(arg.pos(), "`#[repr(" + h + ")]` is not allowed on " + target.described
                        + ": a layout strategy places the fields of a struct");
                return true;
            }
            if (h.equals("strategy")) {
                if (arg.stringValue() == null) {
                    r.error(arg.pos(), "representation hint `strategy` needs a name: `strategy = \"name\"`");
                } else if (!arg.stringValue().matches("[A-Za-z0-9_.-]+")) {
                    r.error(arg.pos(), "invalid layout strategy name `" + arg.stringValue() + "`: expected letters, "
                            + "digits, `_`, `-` or `.`");
                } else if (BUILT_IN.contains(arg.stringValue())) {
                    String use = switch (arg.stringValue()) {
                        case "c" -> "#[repr(C)]";
                        case "transparent" -> "#[repr(transparent)]";
                        default -> "no repr attribute";
                    };
                    r.error(arg.pos(), "`" + arg.stringValue() + "` is a built-in layout strategy, selected by " + use
                            + "; `strategy = \"..\"` names a strategy a jar on the class path provides");
                } else if (name != null) {
                    r.error(arg.pos(), "conflicting representation hints: `strategy` given twice");
                } else {
                    name = arg.stringValue();
                    pos = arg.pos();
                }
            } else {
                BigInteger v = arg.valueInt() == null ? null : AstBuilder.parseInt(arg.valueInt());
                if (v == null || v.signum() <= 0 || v.bitLength() > 31) {
                    r.error(arg.pos(), "representation hint `strategy_version` needs a version: `strategy_version = N`, "
                            + "N from 1 to 2^31 - 1");
                } else if (version != 0) {
                    r.error(arg.pos(), "conflicting representation hints: `strategy_version` given twice");
                } else {
                    version = v.intValue();
                    versionPos = arg.pos();
                }
            }
            return true;
        }

        void finish(Reporter r) {
            if (name == null && versionPos != null) {
                r.error(versionPos, "`strategy_version` needs a `strategy = \"name\"` beside it");
                version = 0;
            }
        }
    }

    /**
     * The crate attributes after the header: only {@code #![repr(strategy = "name")]} (with an optional
     * {@code strategy_version = N}), the default strategy of every struct of the crate that has no repr of its own.
     * Null when there is none.
     */
    static CrateDefault checkCrate(List<AttrNode> attrs, Reporter r) {
        StrategyHints hints = new StrategyHints();
        boolean seen = false;
        for (AttrNode a : attrs) {
            if (!a.name().equals("repr")) {
                r.error(a.pos(), "unknown crate attribute `#![" + a.name() + "]`: the only one is "
                        + "`#![repr(strategy = \"name\")]`, the crate's default layout strategy");
                continue;
            }
            if (seen) {
                r.error(a.pos(), "duplicate crate attribute `#![repr]`");
                continue;
            }
            seen = true;
            if (a.args() == null || a.args().isEmpty()) {
                r.error(a.pos(), "malformed `#![repr]` crate attribute: expected `#![repr(strategy = \"name\")]`");
                continue;
            }
            for (AttrArg arg : a.args()) {
                if (!hints.take(arg, Target.STRUCT, r)) {
                    r.error(arg.pos(), "representation hint `" + arg.name() + "` is not allowed in the crate attribute: "
                            + "`#![repr(..)]` takes only `strategy = \"name\"` and `strategy_version = N`");
                }
            }
            if (hints.name == null && hints.versionPos == null) {
                r.error(a.pos(), "`#![repr(..)]` needs `strategy = \"name\"`");
            }
        }
        hints.finish(r);
        return hints.name == null ? null : new CrateDefault(hints.name, hints.version, hints.pos);
    }

    private Attributes() {
    }

    static Info check(List<AttrNode> attrs, Target target, int fieldCount, Reporter r) {
        Repr.Kind kind = Repr.Kind.RUST;
        int packed = 0;
        int align = 0;
        PrimKind intType = null;
        boolean frozen = false;
        boolean nonExhaustive = false;
        String symbol = null;
        String drop = null;
        Set<String> seen = new HashSet<>();
        AttrNode reprAttr = null;
        StrategyHints hints = new StrategyHints();
        for (AttrNode a : attrs) {
            String name = a.name();
            boolean known = name.equals("repr") || name.equals("frozen") || name.equals("non_exhaustive")
                    || name.equals("symbol") || name.equals("drop");
            if (!known) {
                r.error(a.pos(), "unknown attribute `#[" + name + "]`");
                continue;
            }
            boolean allowed = switch (name) {
                case "repr", "non_exhaustive", "drop" -> target == Target.STRUCT || target == Target.ENUM;
                case "frozen" -> target == Target.STRUCT || target == Target.ENUM || target == Target.TRAIT;
                default -> target == Target.FUNCTION;
            };
            if (!allowed) {
                r.error(a.pos(), "attribute `#[" + name + "]` is not allowed on " + target.described);
                continue;
            }
            if (!name.equals("repr") && !seen.add(name)) {
                r.error(a.pos(), "duplicate attribute `#[" + name + "]`");
                continue;
            }
            switch (name) {
                case "frozen", "non_exhaustive" -> {
                    if (a.args() != null || a.value() != null) {
                        r.error(a.pos(), "attribute `#[" + name + "]` takes no arguments");
                    }
                    if (name.equals("frozen")) {
                        frozen = true;
                    } else {
                        nonExhaustive = true;
                    }
                }
                case "drop" -> {
                    if (a.value() == null) {
                        r.error(a.pos(), "attribute `#[drop]` needs a value: `#[drop = \"symbol\"]`, the symbol of a "
                                + "function `void symbol(T *self)` that drops the value in place");
                    } else if (a.value().isEmpty()) {
                        r.error(a.pos(), "attribute `#[drop]` needs a non-empty symbol name");
                    } else {
                        drop = a.value();
                    }
                }
                case "symbol" -> {
                    if (a.value() == null) {
                        r.error(a.pos(), "attribute `#[symbol]` needs a value: `#[symbol = \"name\"]`");
                    } else if (a.value().isEmpty()) {
                        r.error(a.pos(), "attribute `#[symbol]` needs a non-empty symbol name");
                    } else {
                        symbol = a.value();
                    }
                }
                default -> {
                    if (a.args() == null || a.args().isEmpty()) {
                        r.error(a.pos(), "malformed `#[repr]` attribute: expected `#[repr(hint, ...)]`");
                        continue;
                    }
                    reprAttr = a;
                    for (AttrArg arg : a.args()) {
                        String h = arg.name();
                        if (hints.take(arg, target, r)) {
                            continue;
                        }
                        if (arg.hasValue()) {
                            r.error(arg.pos(), "representation hint `" + h + "` takes no value");
                            continue;
                        }
                        PrimKind k = PrimKind.byRustName(h);
                        if (!h.equals("packed") && !h.equals("align") && arg.intText() != null) {
                            r.error(arg.pos(), "representation hint `" + h + "` takes no argument");
                            continue;
                        }
                        if (h.equals("C") || h.equals("transparent")) {
                            Repr.Kind want = h.equals("C") ? Repr.Kind.C : Repr.Kind.TRANSPARENT;
                            if (want == Repr.Kind.TRANSPARENT && target == Target.ENUM) {
                                r.error(arg.pos(), "`#[repr(transparent)]` is not allowed on an enum");
                            } else if (kind != Repr.Kind.RUST && kind != want) {
                                r.error(arg.pos(), "conflicting representation hints: `" + h + "` and `"
                                        + (kind == Repr.Kind.C ? "C" : "transparent") + "`");
                            } else {
                                kind = want;
                            }
                        } else if (h.equals("Rust")) {
                            // the default layout, written out: nothing to record
                        } else if (h.equals("packed") || h.equals("align")) {
                            if (h.equals("packed") && target != Target.STRUCT) {
                                r.error(arg.pos(), "`#[repr(packed)]` is not allowed on " + target.described);
                                continue;
                            }
                            int n;
                            if (arg.intText() == null) {
                                if (h.equals("align")) {
                                    r.error(arg.pos(), "`align` needs an argument: `align(N)`");
                                    continue;
                                }
                                n = 1;
                            } else {
                                BigInteger v = AstBuilder.parseInt(arg.intText());
                                if (v == null || v.signum() <= 0 || v.bitCount() != 1) {
                                    r.error(arg.pos(), "invalid `repr(" + h + ")` attribute: `" + arg.intText()
                                            + "` is not a power of two");
                                    continue;
                                }
                                if (v.compareTo(BigInteger.valueOf(MAX_ALIGN)) > 0) {
                                    r.error(arg.pos(), "invalid `repr(" + h + ")` attribute: larger than 2^29");
                                    continue;
                                }
                                n = v.intValue();
                            }
                            if (h.equals("packed")) {
                                if (packed != 0) {
                                    r.error(arg.pos(), "conflicting representation hints: `packed` given twice");
                                }
                                packed = n;
                            } else {
                                if (align != 0) {
                                    r.error(arg.pos(), "conflicting representation hints: `align` given twice");
                                }
                                align = n;
                            }
                        } else if (k != null && k.isInteger()) {
                            if (target != Target.ENUM) {
                                r.error(arg.pos(), "`#[repr(" + h + ")]` is not allowed on " + target.described
                                        + ": an integer representation is only for enums");
                            } else if (intType != null && intType != k) {
                                r.error(arg.pos(), "conflicting representation hints: `" + intType.rustName()
                                        + "` and `" + h + "`");
                            } else {
                                intType = k;
                            }
                        } else {
                            r.error(arg.pos(), "unrecognized representation hint `" + h + "`");
                        }
                    }
                }
            }
        }
        hints.finish(r);
        if (hints.name != null && kind != Repr.Kind.RUST) {
            r.error(hints.pos, "conflicting representation hints: `strategy` and `"
                    + (kind == Repr.Kind.C ? "C" : "transparent") + "`");
            hints.name = null;
        }
        if (reprAttr != null) {
            if (packed != 0 && align != 0) {
                r.error(reprAttr.pos(), "`packed` and `align` representation hints are incompatible on the same type");
                align = 0;
            }
            if (kind == Repr.Kind.TRANSPARENT) {
                if (packed != 0 || align != 0 || intType != null) {
                    r.error(reprAttr.pos(), "`transparent` cannot be combined with other representation hints");
                }
                if (fieldCount != 1) {
                    r.error(reprAttr.pos(), "`#[repr(transparent)]` struct needs exactly one field, but has "
                            + fieldCount);
                }
            }
        }
        Repr repr = hints.name != null ? Repr.strategy(hints.name, hints.version, packed, align)
                : new Repr(kind, packed, align, intType);
        return new Info(repr, frozen, nonExhaustive, symbol, drop, hints.name != null ? hints.pos : null);
    }
}
