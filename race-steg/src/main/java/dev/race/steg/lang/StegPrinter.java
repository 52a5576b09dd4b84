package dev.race.steg.lang;

import dev.race.steg.model.*;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Prints a crate as canonical .steg text: 4-space indentation, one field per line, attributes on their
 * own lines, items in model order with runs of items of one module wrapped in {@code mod x { }} blocks.
 * Paths into the crate itself are printed {@code crate::a::B}; paths into other crates {@code engine::B}
 * (or {@code ::engine::B} where a module of that name would otherwise capture the path).
 */
public final class StegPrinter {
    private StegPrinter() {
    }

    /** Canonical text of a crate: compiling it yields a crate equal to {@code crate}. Deterministic. */
    public static String print(Crate crate) {
        return new Printer(crate).run();
    }

    /**
     * The text of a type with every path absolute ({@code engine::math::Vec3}): the form used in the
     * synthetic path of an impl ({@link Item.Impl#pathFor}).
     */
    public static String canonicalTypeText(Type t) {
        return type(t, Path::toString);
    }

    static String type(Type t, Function<Path, String> paths) {
        if (t instanceof Type.Prim p) {
            return p.kind().rustName();
        } else if (t instanceof Type.Array a) {
            return "[" + type(a.element(), paths) + "; " + a.length() + "]";
        } else if (t instanceof Type.Tuple tu) {
            List<String> els = new ArrayList<>();
            tu.elements().forEach(e -> els.add(type(e, paths)));
            return "(" + String.join(", ", els) + (els.size() == 1 ? ",)" : ")");
        } else if (t instanceof Type.Ref r) {
            return (r.mutable() ? "&mut " : "&") + type(r.target(), paths);
        } else if (t instanceof Type.RawPtr p) {
            return (p.mutable() ? "*mut " : "*const ") + type(p.target(), paths);
        } else if (t instanceof Type.BoxOf b) {
            return "Box<" + type(b.target(), paths) + ">";
        } else if (t instanceof Type.Slice s) {
            return "[" + type(s.element(), paths) + "]";
        } else if (t instanceof Type.Str) {
            return "str";
        } else if (t instanceof Type.OptionOf o) {
            return "Option<" + type(o.inner(), paths) + ">";
        } else if (t instanceof Type.FnPtr f) {
            List<String> ps = new ArrayList<>();
            f.params().forEach(p -> ps.add(type(p, paths)));
            return (f.abi().equals("Rust") ? "" : "extern \"" + f.abi() + "\" ") + "fn(" + String.join(", ", ps) + ")"
                    + ret(f.ret(), paths);
        } else if (t instanceof Type.Dyn d) {
            return "dyn " + paths.apply(d.trait());
        } else if (t instanceof Type.Named n) {
            return paths.apply(n.path());
        }
        return "Self";
    }

    private static String ret(Type t, Function<Path, String> paths) {
        return t.equals(Type.UNIT) ? "" : " -> " + type(t, paths);
    }

    private static final class Printer {
        private final Crate crate;
        private final StringBuilder out = new StringBuilder();
        private final Set<Path> modules = new HashSet<>();
        private final List<String> open = new ArrayList<>();
        private boolean blank;
        private Path module;

        Printer(Crate crate) {
            this.crate = crate;
            for (Item it : crate.items()) {
                for (Path m = it.path().parent(); m.size() > 1; m = m.parent()) {
                    modules.add(m);
                }
            }
        }

        String run() {
            out.append("crate ").append(crate.name()).append(' ').append(crate.version()).append(";\n");
            blank = true;
            for (Item it : crate.items()) {
                Path m = it.path().parent();
                List<String> target = m.segments().subList(1, m.size());
                int common = 0;
                while (common < open.size() && common < target.size() && open.get(common).equals(target.get(common))) {
                    common++;
                }
                while (open.size() > common) {
                    open.remove(open.size() - 1);
                    line("}");
                    blank = true;
                }
                while (open.size() < target.size()) {
                    separate();
                    line("mod " + target.get(open.size()) + " {");
                    open.add(target.get(open.size()));
                    blank = false;
                }
                module = m;
                separate();
                item(it);
                blank = true;
            }
            while (!open.isEmpty()) {
                open.remove(open.size() - 1);
                line("}");
            }
            return out.toString();
        }

        private void separate() {
            if (blank) {
                out.append('\n');
                blank = false;
            }
        }

        private void line(String s) {
            out.append("    ".repeat(open.size())).append(s).append('\n');
        }

        private String path(Path p) {
            List<String> rest = p.segments().subList(1, p.size());
            if (p.crate().equals(crate.name())) {
                return "crate::" + String.join("::", rest);
            }
            return (modules.contains(module.child(p.crate())) ? "::" : "") + p;
        }

        private String type(Type t) {
            return StegPrinter.type(t, this::path);
        }

        private void item(Item it) {
            if (it instanceof Item.Struct s) {
                attrs(s.repr(), s.frozen(), s.nonExhaustive());
                drop(s.dropSymbol());
                String head = s.visibility().keyword() + "struct " + s.path().name();
                if (s.shape() == Shape.UNIT) {
                    line(head + ";");
                } else if (s.shape() == Shape.TUPLE) {
                    line(head + "(" + tupleFields(s.fields(), true) + ");");
                } else if (s.fields().isEmpty()) {
                    line(head + " {}");
                } else {
                    line(head + " {");
                    for (Field f : s.fields()) {
                        line("    " + f.visibility().keyword() + f.name() + ": " + type(f.type()) + defaultText(f) + ",");
                    }
                    line("}");
                }
            } else if (it instanceof Item.Enum e) {
                attrs(e.repr(), e.frozen(), e.nonExhaustive());
                drop(e.dropSymbol());
                String head = e.visibility().keyword() + "enum " + e.path().name();
                if (e.variants().isEmpty()) {
                    line(head + " {}");
                    return;
                }
                line(head + " {");
                for (Variant v : e.variants()) {
                    String body = switch (v.shape()) {
                        case UNIT -> "";
                        case TUPLE -> "(" + tupleFields(v.fields(), false) + ")";
                        case NAMED -> namedInline(v.fields());
                    };
                    String disc = v.discriminant() == null ? "" : " = " + v.discriminant();
                    line("    " + v.name() + body + disc + ",");
                }
                line("}");
            } else if (it instanceof Item.Trait t) {
                if (t.frozen()) {
                    line("#[frozen]");
                }
                String head = t.visibility().keyword() + "trait " + t.path().name();
                if (!t.supertraits().isEmpty()) {
                    List<String> supers = new ArrayList<>();
                    for (Path p : t.supertraits()) {
                        supers.add(path(p));
                    }
                    head += ": " + String.join(" + ", supers);
                }
                if (t.methods().isEmpty()) {
                    line(head + " {}");
                    return;
                }
                line(head + " {");
                for (TraitMethod m : t.methods()) {
                    line("    fn " + m.name() + sig(m.sig(), true)
                            + (m.defaultSymbol() == null ? "" : " = default(" + m.defaultSymbol() + ")") + ";");
                }
                line("}");
            } else if (it instanceof Item.Impl i) {
                String head = "impl " + path(i.trait()) + " for " + type(i.forType());
                if (i.methods().isEmpty()) {
                    line(head + " {}");
                    return;
                }
                line(head + " {");
                for (ImplMethod m : i.methods()) {
                    line("    fn " + m.name() + " = " + m.symbol() + ";");
                }
                line("}");
            } else if (it instanceof Item.Function f) {
                if (!f.symbol().equals(f.path().name())) {
                    line("#[symbol = \"" + f.symbol().replace("\\", "\\\\").replace("\"", "\\\"") + "\"]");
                }
                line(f.visibility().keyword() + (f.external() ? "extern \"" + f.sig().abi() + "\" " : "") + "fn "
                        + f.path().name() + sig(f.sig(), false) + ";");
            } else if (it instanceof Item.TypeAlias a) {
                line(a.visibility().keyword() + "type " + a.path().name() + " = " + type(a.target()) + ";");
            }
        }

        private String sig(FnSig sig, boolean method) {
            List<String> ps = new ArrayList<>();
            for (int i = 0; i < sig.params().size(); i++) {
                Param p = sig.params().get(i);
                if (method && i == 0 && p.name().equals("self")) {
                    Type t = p.type();
                    if (t.equals(new Type.Ref(false, Type.SELF))) {
                        ps.add("&self");
                    } else if (t.equals(new Type.Ref(true, Type.SELF))) {
                        ps.add("&mut self");
                    } else if (t.equals(Type.SELF)) {
                        ps.add("self");
                    } else {
                        ps.add("self: " + type(t));
                    }
                } else {
                    ps.add(p.name() + ": " + type(p.type()));
                }
            }
            String effects = sig.effects().isEmpty() ? "" : " effects(" + String.join(", ", sig.effects()) + ")";
            return "(" + String.join(", ", ps) + ")" + ret(sig.ret(), this::path) + effects;
        }

        private static String defaultText(Field f) {
            if (!f.hasDefault()) {
                return "";
            }
            if (f.type() instanceof Type.Prim p && p.kind() == PrimKind.BOOL) {
                return f.defaultValue().signum() == 0 ? " = false" : " = true";
            }
            return " = " + f.defaultValue();
        }

        private String tupleFields(List<Field> fields, boolean withVisibility) {
            List<String> fs = new ArrayList<>();
            for (Field f : fields) {
                fs.add((withVisibility ? f.visibility().keyword() : "") + type(f.type()));
            }
            return String.join(", ", fs);
        }

        private String namedInline(List<Field> fields) {
            if (fields.isEmpty()) {
                return " {}";
            }
            List<String> fs = new ArrayList<>();
            for (Field f : fields) {
                fs.add(f.name() + ": " + type(f.type()));
            }
            return " { " + String.join(", ", fs) + " }";
        }

        private void drop(String symbol) {
            if (symbol != null) {
                line("#[drop = \"" + symbol.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]");
            }
        }

        private void attrs(Repr repr, boolean frozen, boolean nonExhaustive) {
            if (!repr.isDefault()) {
                List<String> hints = new ArrayList<>();
                if (repr.kind() == Repr.Kind.C) {
                    hints.add("C");
                } else if (repr.kind() == Repr.Kind.TRANSPARENT) {
                    hints.add("transparent");
                } else if (repr.kind() == Repr.Kind.STRATEGY) {
                    hints.add("strategy = \"" + repr.strategy() + "\"");
                    if (repr.strategyVersion() != 0) {
                        hints.add("strategy_version = " + repr.strategyVersion());
                    }
                }
                if (repr.packed() == 1) {
                    hints.add("packed");
                } else if (repr.packed() > 1) {
                    hints.add("packed(" + repr.packed() + ")");
                }
                if (repr.align() > 0) {
                    hints.add("align(" + repr.align() + ")");
                }
                if (repr.intType() != null) {
                    hints.add(repr.intType().rustName());
                }
                line("#[repr(" + String.join(", ", hints) + ")]");
            }
            if (frozen) {
                line("#[frozen]");
            }
            if (nonExhaustive) {
                line("#[non_exhaustive]");
            }
        }
    }
}
