package dev.race.steg.model;

import java.util.StringJoiner;

/** Rust source text of a type, with named types written as full paths ({@code engine::math::Vec3}). */
public final class TypeText {
    private TypeText() {
    }

    public static String of(Type type) {
        StringBuilder sb = new StringBuilder();
        append(sb, type);
        return sb.toString();
    }

    private static void append(StringBuilder sb, Type t) {
        if (t instanceof Type.Prim p) {
            sb.append(p.kind().rustName());
        } else if (t instanceof Type.Array a) {
            sb.append('[');
            append(sb, a.element());
            sb.append("; ").append(a.length()).append(']');
        } else if (t instanceof Type.Tuple tu) {
            sb.append('(');
            for (int i = 0; i < tu.elements().size(); i++) {
                if (i > 0) sb.append(", ");
                append(sb, tu.elements().get(i));
            }
            if (tu.elements().size() == 1) sb.append(',');
            sb.append(')');
        } else if (t instanceof Type.Ref r) {
            sb.append(r.mutable() ? "&mut " : "&");
            append(sb, r.target());
        } else if (t instanceof Type.RawPtr p) {
            sb.append(p.mutable() ? "*mut " : "*const ");
            append(sb, p.target());
        } else if (t instanceof Type.BoxOf b) {
            sb.append("Box<");
            append(sb, b.target());
            sb.append('>');
        } else if (t instanceof Type.Slice s) {
            sb.append('[');
            append(sb, s.element());
            sb.append(']');
        } else if (t instanceof Type.Str) {
            sb.append("str");
        } else if (t instanceof Type.OptionOf o) {
            sb.append("Option<");
            append(sb, o.inner());
            sb.append('>');
        } else if (t instanceof Type.FnPtr f) {
            if (!"Rust".equals(f.abi())) sb.append("extern \"").append(f.abi()).append("\" ");
            StringJoiner j = new StringJoiner(", ", "fn(", ")");
            f.params().forEach(p -> j.add(of(p)));
            sb.append(j);
            if (!(f.ret() instanceof Type.Prim p && p.kind() == PrimKind.UNIT)) {
                sb.append(" -> ");
                append(sb, f.ret());
            }
        } else if (t instanceof Type.Dyn d) {
            sb.append("dyn ").append(d.trait());
        } else if (t instanceof Type.Named n) {
            sb.append(n.path());
        } else if (t instanceof Type.SelfType) {
            sb.append("Self");
        } else {
            throw new IllegalArgumentException("unknown type node " + t);
        }
    }
}
