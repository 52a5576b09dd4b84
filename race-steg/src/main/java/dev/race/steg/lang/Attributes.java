package dev.race.steg.lang;

import dev.race.steg.lang.Ast.AttrArg;
import dev.race.steg.lang.Ast.AttrNode;
import dev.race.steg.model.PrimKind;
import dev.race.steg.model.Repr;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Validates outer attributes the way rustc does for the subset RACE understands: {@code #[repr(..)]},
 * {@code #[frozen]} (also on traits), {@code #[non_exhaustive]}, {@code #[symbol = ".."]} and {@code #[drop = ".."]}
 * (a struct's or enum's drop glue).
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

    record Info(Repr repr, boolean frozen, boolean nonExhaustive, String symbol, String drop) {
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
        return new Info(new Repr(kind, packed, align, intType), frozen, nonExhaustive, symbol, drop);
    }
}
