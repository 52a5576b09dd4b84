package dev.race.layout;

import dev.race.steg.model.PrimKind;
import dev.race.steg.model.Type;

import java.util.stream.Collectors;

/** Renders a {@link Type} as Rust source text, as used in {@link TypeLayout#display()} and in messages. */
public final class RustText {
    private RustText() {
    }

    public static String of(Type t) {
        if (t instanceof Type.Prim p) return p.kind().rustName();
        if (t instanceof Type.Array a) return "[" + of(a.element()) + "; " + a.length() + "]";
        if (t instanceof Type.Tuple tu) {
            String inner = tu.elements().stream().map(RustText::of).collect(Collectors.joining(", "));
            return "(" + inner + (tu.elements().size() == 1 ? ",)" : ")");
        }
        if (t instanceof Type.Ref r) return (r.mutable() ? "&mut " : "&") + of(r.target());
        if (t instanceof Type.RawPtr r) return (r.mutable() ? "*mut " : "*const ") + of(r.target());
        if (t instanceof Type.BoxOf b) return "Box<" + of(b.target()) + ">";
        if (t instanceof Type.Slice s) return "[" + of(s.element()) + "]";
        if (t instanceof Type.Str) return "str";
        if (t instanceof Type.OptionOf o) return "Option<" + of(o.inner()) + ">";
        if (t instanceof Type.FnPtr f) {
            String params = f.params().stream().map(RustText::of).collect(Collectors.joining(", "));
            String ret = f.ret() instanceof Type.Prim p && p.kind() == PrimKind.UNIT ? "" : " -> " + of(f.ret());
            return (f.abi().equals("Rust") ? "" : "extern \"" + f.abi() + "\" ") + "fn(" + params + ")" + ret;
        }
        if (t instanceof Type.Dyn d) return "dyn " + d.trait();
        if (t instanceof Type.Named n) return n.path().toString();
        if (t instanceof Type.SelfType) return "Self";
        throw new IllegalArgumentException("unknown type " + t);
    }
}
