package dev.race.steg.lang;

import dev.race.steg.lang.Ast.*;
import dev.race.steg.lang.StegParser.*;
import dev.race.steg.model.Shape;
import dev.race.steg.model.Visibility;

import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ErrorNode;
import org.antlr.v4.runtime.tree.TerminalNode;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a parse tree into {@link Ast} nodes. After a syntax error the parser's recovery leaves holes in
 * the tree (missing children, conjured tokens); an item with a hole is dropped instead of half-built.
 */
final class AstBuilder {
    /** Thrown inside the builder when a required part of an item is missing; caught per item. */
    private static final class Incomplete extends RuntimeException {
        Incomplete() {
            super(null, null, false, false);
        }
    }

    private AstBuilder() {
    }

    static FileNode build(FileContext file) {
        Header header = null;
        if (file.header() != null) {
            try {
                HeaderContext h = file.header();
                Token v = h.version;
                if (v == null || v.getType() == Token.EOF || v.getTokenIndex() < 0) {
                    throw new Incomplete();
                }
                header = new Header(pos(h.ident()), ident(h.ident()), pos(v), v.getText());
            } catch (Incomplete e) {
                header = null;
            }
        }
        Pos first = pos(file.getStart());
        List<AttrNode> crateAttrs;
        try {
            crateAttrs = crateAttrs(file.crateAttribute());
        } catch (Incomplete e) {
            crateAttrs = List.of();
        }
        return new FileNode(header, first, crateAttrs, items(file.item()));
    }

    private static List<ItemNode> items(List<ItemContext> ctxs) {
        List<ItemNode> out = new ArrayList<>();
        for (ItemContext c : ctxs) {
            try {
                out.add(item(c));
            } catch (Incomplete e) {
                // dropped: the syntax error that made the hole is already reported
            }
        }
        return out;
    }

    private static ItemNode item(ItemContext c) {
        List<AttrNode> attrs = attrs(c.attribute());
        Visibility vis = Visibility.PRIVATE;
        Pos visPos = null;
        if (c.visibility() != null) {
            vis = c.visibility().CRATE() != null ? Visibility.CRATE : Visibility.PUBLIC;
            visPos = pos(c.visibility().getStart());
        }
        ItemBodyContext b = need(c.itemBody());
        if (b.structDecl() != null) {
            StructDeclContext s = b.structDecl();
            Common common = common(s.ident(), attrs, vis, visPos, s.generics());
            if (s.LBRACE() != null) {
                need(s.RBRACE());
                return new StructN(common, Shape.NAMED, namedFields(s.namedFields()));
            } else if (s.LPAREN() != null) {
                need(s.RPAREN());
                return new StructN(common, Shape.TUPLE, tupleFields(s.tupleFields()));
            }
            need(s.SEMI());
            return new StructN(common, Shape.UNIT, List.of());
        } else if (b.enumDecl() != null) {
            EnumDeclContext e = b.enumDecl();
            Common common = common(e.ident(), attrs, vis, visPos, e.generics());
            List<VariantNode> variants = new ArrayList<>();
            for (VariantContext v : e.variant()) {
                variants.add(variant(v));
            }
            return new EnumN(common, variants);
        } else if (b.traitDecl() != null) {
            TraitDeclContext t = b.traitDecl();
            Common common = common(t.ident(), attrs, vis, visPos, t.generics());
            List<MethodNode> methods = new ArrayList<>();
            for (TraitMethodContext m : t.traitMethod()) {
                methods.add(method(m));
            }
            List<PathNode> supers = new ArrayList<>();
            if (t.supertraits() != null) {
                for (PathContext p : t.supertraits().path()) {
                    supers.add(path(p));
                }
            }
            return new TraitN(common, supers, methods);
        } else if (b.implDecl() != null) {
            ImplDeclContext i = b.implDecl();
            Common common = new Common(pos(i.IMPL()), attrs, vis, visPos, "impl",
                    i.generics() == null ? null : pos(i.generics().getStart()));
            List<ImplMethodNode> methods = new ArrayList<>();
            for (ImplMethodContext m : i.implMethod()) {
                methods.add(new ImplMethodNode(pos(m.FN()), attrs(m.attribute()), ident(m.ident(0)), ident(m.ident(1))));
            }
            return new ImplN(common, path(i.path()), type(i.type()), methods);
        } else if (b.fnDecl() != null) {
            FnDeclContext f = b.fnDecl();
            Common common = common(f.ident(), attrs, vis, visPos, f.generics());
            String abi = null;
            Pos abiPos = null;
            if (f.EXTERN() != null) {
                abi = f.STRING() == null ? "C" : string(f.STRING());
                abiPos = f.STRING() == null ? pos(f.EXTERN()) : pos(f.STRING());
            }
            need(f.SEMI());
            List<ParamNode> params = new ArrayList<>();
            for (ParamContext p : f.param()) {
                params.add(param(p));
            }
            return new FnN(common, abi, abiPos, params, f.retType() == null ? null : type(f.retType().type()),
                    effects(f.effects()));
        } else if (b.aliasDecl() != null) {
            AliasDeclContext a = b.aliasDecl();
            need(a.SEMI());
            return new AliasN(common(a.ident(), attrs, vis, visPos, a.generics()), type(a.type()));
        } else if (b.modDecl() != null) {
            ModDeclContext m = b.modDecl();
            need(m.RBRACE());
            return new ModN(common(m.ident(), attrs, vis, visPos, null), items(m.item()));
        } else if (b.useDecl() != null) {
            UseDeclContext u = b.useDecl();
            need(u.SEMI());
            PathNode p = path(u.path());
            String bound = u.ident() != null ? ident(u.ident()) : p.segments().get(p.segments().size() - 1);
            Pos bindPos = u.ident() != null ? pos(u.ident()) : p.pos();
            return new UseN(new Common(bindPos, attrs, vis, visPos, bound, null), p);
        }
        throw new Incomplete();
    }

    private static Common common(IdentContext name, List<AttrNode> attrs, Visibility vis, Pos visPos, GenericsContext g) {
        return new Common(pos(name), attrs, vis, visPos, ident(name), g == null ? null : pos(g.getStart()));
    }

    private static List<AttrNode> attrs(List<AttributeContext> ctxs) {
        List<AttrNode> out = new ArrayList<>();
        for (AttributeContext a : ctxs) {
            need(a.RBRACKET());
            out.add(attr(a.attrName, a.attrArgs()));
        }
        return out;
    }

    private static List<AttrNode> crateAttrs(List<CrateAttributeContext> ctxs) {
        List<AttrNode> out = new ArrayList<>();
        for (CrateAttributeContext a : ctxs) {
            need(a.RBRACKET());
            out.add(attr(a.attrName, a.attrArgs()));
        }
        return out;
    }

    private static AttrNode attr(IdentContext attrName, AttrArgsContext attrArgs) {
        String name = ident(attrName);
        Pos p = pos(attrName);
        if (attrArgs == null) {
            return new AttrNode(p, name, null, null);
        } else if (attrArgs instanceof AttrValueContext v) {
            return new AttrNode(p, name, null, string(v.STRING()));
        } else if (attrArgs instanceof AttrListContext l) {
            need(l.RPAREN());
            List<AttrArg> args = new ArrayList<>();
            for (AttrArgContext arg : l.attrArg()) {
                if (arg.EQ() != null) {
                    if (arg.STRING() != null) {
                        args.add(new AttrArg(pos(arg.ident()), ident(arg.ident()), null, string(arg.STRING()), null));
                    } else if (arg.INT() != null) {
                        args.add(new AttrArg(pos(arg.ident()), ident(arg.ident()), null, null, text(arg.INT())));
                    } else {
                        throw new Incomplete();
                    }
                    continue;
                }
                String n = arg.INT() == null ? null : text(arg.INT());
                if (arg.LPAREN() != null) {
                    need(arg.RPAREN());
                    if (n == null) {
                        throw new Incomplete();
                    }
                }
                args.add(new AttrArg(pos(arg.ident()), ident(arg.ident()), n));
            }
            return new AttrNode(p, name, args, null);
        }
        throw new Incomplete();
    }

    private static List<FieldNode> namedFields(NamedFieldsContext c) {
        List<FieldNode> out = new ArrayList<>();
        if (c != null) {
            for (NamedFieldContext f : c.namedField()) {
                out.add(new FieldNode(pos(f.ident()), attrs(f.attribute()), vis(f.visibility()), visPos(f.visibility()),
                        ident(f.ident()), type(f.type()), f.EQ() == null ? null : fieldDefault(need(f.fieldDefault()))));
            }
        }
        return out;
    }

    private static List<FieldNode> tupleFields(TupleFieldsContext c) {
        List<FieldNode> out = new ArrayList<>();
        if (c != null) {
            for (TupleFieldContext f : c.tupleField()) {
                out.add(new FieldNode(pos(f.type().getStart()), attrs(f.attribute()), vis(f.visibility()),
                        visPos(f.visibility()), Integer.toString(out.size()), type(f.type())));
            }
        }
        return out;
    }

    private static DefaultNode fieldDefault(FieldDefaultContext d) {
        Pos at = pos(d.getStart());
        if (d.IDENT() != null) {
            return new DefaultNode(at, null, text(d.IDENT()));
        }
        BigInteger value = parseInt(text(d.INT()));
        if (value == null) {
            throw new Incomplete();
        }
        return new DefaultNode(at, d.MINUS() != null ? value.negate() : value, null);
    }

    private static Visibility vis(VisibilityContext v) {
        if (v == null) {
            return Visibility.PRIVATE;
        }
        return v.CRATE() != null ? Visibility.CRATE : Visibility.PUBLIC;
    }

    private static Pos visPos(VisibilityContext v) {
        return v == null ? null : pos(v.getStart());
    }

    private static VariantNode variant(VariantContext v) {
        Shape shape = Shape.UNIT;
        List<FieldNode> fields = List.of();
        if (v.LBRACE() != null) {
            need(v.RBRACE());
            shape = Shape.NAMED;
            fields = namedFields(v.namedFields());
        } else if (v.LPAREN() != null) {
            need(v.RPAREN());
            shape = Shape.TUPLE;
            fields = tupleFields(v.tupleFields());
        }
        Pos discPos = null;
        BigInteger disc = null;
        if (v.EQ() != null) {
            DiscriminantContext d = need(v.discriminant());
            discPos = pos(d.getStart());
            disc = parseInt(text(d.INT()));
            if (disc == null) {
                throw new Incomplete();
            }
            if (d.MINUS() != null) {
                disc = disc.negate();
            }
        }
        return new VariantNode(pos(v.ident()), attrs(v.attribute()), ident(v.ident()), shape, fields, discPos, disc);
    }

    private static MethodNode method(TraitMethodContext m) {
        need(m.SEMI());
        need(m.RPAREN());
        List<ParamNode> params = new ArrayList<>();
        ReceiverContext r = m.receiver();
        if (r instanceof RefReceiverContext rr) {
            Pos p = pos(rr.getStart());
            params.add(new ParamNode(pos(rr.SELF()), "self",
                    new RefT(p, rr.MUT() != null, new SelfT(pos(rr.SELF())))));
        } else if (r instanceof ValueReceiverContext vr) {
            TypeNode t = vr.type() != null ? type(vr.type()) : new SelfT(pos(vr.SELF()));
            params.add(new ParamNode(pos(vr.SELF()), "self", t));
        } else if (r != null) {
            throw new Incomplete();
        }
        for (ParamContext p : m.param()) {
            params.add(param(p));
        }
        String def = null;
        if (m.DEFAULT() != null) {
            need(m.RPAREN());
            def = ident(m.ident(1));
        }
        return new MethodNode(pos(m.ident(0)), attrs(m.attribute()), ident(m.ident(0)),
                m.generics() == null ? null : pos(m.generics().getStart()), params,
                m.retType() == null ? null : type(m.retType().type()), effects(m.effects()), def);
    }

    private static ParamNode param(ParamContext p) {
        return new ParamNode(pos(p.ident()), ident(p.ident()), type(p.type()));
    }

    private static List<EffectNode> effects(EffectsContext e) {
        List<EffectNode> out = new ArrayList<>();
        if (e != null) {
            need(e.RPAREN());
            for (IdentContext i : e.ident()) {
                out.add(new EffectNode(pos(i), ident(i)));
            }
        }
        return out;
    }

    static TypeNode type(TypeContext t) {
        need(t);
        Pos p = pos(t.getStart());
        if (t instanceof UnitTypeContext u) {
            need(u.RPAREN());
            return new UnitT(p);
        } else if (t instanceof ParenTypeContext pt) {
            need(pt.RPAREN());
            return type(pt.type());
        } else if (t instanceof TupleTypeContext tt) {
            need(tt.RPAREN());
            List<TypeNode> els = new ArrayList<>();
            for (TypeContext e : tt.type()) {
                els.add(type(e));
            }
            return new TupleT(p, els);
        } else if (t instanceof NeverTypeContext) {
            return new NeverT(p);
        } else if (t instanceof ArrayTypeContext a) {
            need(a.RBRACKET());
            return new ArrayT(p, type(a.type()), pos(a.INT()), text(a.INT()));
        } else if (t instanceof SliceTypeContext s) {
            need(s.RBRACKET());
            return new SliceT(p, type(s.type()));
        } else if (t instanceof RefTypeContext r) {
            return new RefT(p, r.MUT() != null, type(r.type()));
        } else if (t instanceof RefRefTypeContext r) {
            // `&&T` is one token to the lexer but two borrows: the outer one is always shared
            TypeNode inner = type(r.type());
            return new RefT(p, false, new RefT(new Pos(p.line(), p.col() + 1), r.MUT() != null, inner));
        } else if (t instanceof PtrTypeContext pt) {
            if (pt.CONST() == null && pt.MUT() == null) {
                throw new Incomplete();
            }
            return new PtrT(p, pt.MUT() != null, type(pt.type()));
        } else if (t instanceof FnTypeContext f) {
            need(f.RPAREN());
            String abi = f.EXTERN() == null ? null : f.STRING() == null ? "C" : string(f.STRING());
            List<TypeNode> params = new ArrayList<>();
            for (FnTypeParamContext fp : f.fnTypeParam()) {
                params.add(type(fp.type()));
            }
            return new FnT(p, abi, params, f.retType() == null ? null : type(f.retType().type()));
        } else if (t instanceof DynTypeContext d) {
            return new DynT(p, path(d.path()));
        } else if (t instanceof SelfTypeContext) {
            return new SelfT(p);
        } else if (t instanceof PathTypeContext pt) {
            List<TypeNode> args = null;
            if (pt.typeArgs() != null) {
                need(pt.typeArgs().GT());
                args = new ArrayList<>();
                for (TypeContext a : pt.typeArgs().type()) {
                    args.add(type(a));
                }
            }
            return new PathT(p, path(pt.path()), args);
        }
        throw new Incomplete();
    }

    private static PathNode path(PathContext c) {
        need(c);
        PathStartContext start = need(c.pathStart());
        List<String> segs = new ArrayList<>();
        if (start.ident() != null) {
            segs.add(ident(start.ident()));
        } else {
            segs.add(text(start.getStart() == null ? null : start.getStart().getText()));
        }
        for (IdentContext i : c.ident()) {
            segs.add(ident(i));
        }
        return new PathNode(pos(c.getStart()), c.COLONCOLON().size() > c.ident().size(), segs);
    }

    private static String ident(IdentContext c) {
        need(c);
        TerminalNode n = c.getChild(TerminalNode.class, 0);
        return text(n);
    }

    private static String text(String s) {
        if (s == null) {
            throw new Incomplete();
        }
        return s;
    }

    private static String text(TerminalNode n) {
        if (n == null || n instanceof ErrorNode || n.getSymbol().getTokenIndex() < 0) {
            throw new Incomplete();
        }
        return n.getText();
    }

    /** The value of a string literal: the quotes removed, {@code \x} read as x (with \n, \t, \r, \0 as usual). */
    private static String string(TerminalNode n) {
        String s = text(n);
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < s.length() - 1; i++) {
            char ch = s.charAt(i);
            if (ch == '\\' && i + 1 < s.length() - 1) {
                char e = s.charAt(++i);
                out.append(switch (e) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    case '0' -> '\0';
                    default -> e;
                });
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }

    /** Parses a decimal, 0x, 0o or 0b literal with optional underscores; null if it has no digits. */
    static BigInteger parseInt(String text) {
        String t = text.replace("_", "");
        int radix = 10;
        if (t.startsWith("0x")) {
            radix = 16;
            t = t.substring(2);
        } else if (t.startsWith("0o")) {
            radix = 8;
            t = t.substring(2);
        } else if (t.startsWith("0b")) {
            radix = 2;
            t = t.substring(2);
        }
        if (t.isEmpty()) {
            return null;
        }
        try {
            return new BigInteger(t, radix);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static <T> T need(T node) {
        if (node == null || node instanceof ErrorNode) {
            throw new Incomplete();
        }
        if (node instanceof TerminalNode t && t.getSymbol().getTokenIndex() < 0) {
            throw new Incomplete();
        }
        if (node instanceof ParserRuleContext r && r.exception != null && r.getChildCount() == 0) {
            throw new Incomplete();
        }
        return node;
    }

    static Pos pos(Token t) {
        if (t == null) {
            throw new Incomplete();
        }
        return new Pos(Math.max(1, t.getLine()), t.getCharPositionInLine() + 1);
    }

    private static Pos pos(TerminalNode n) {
        need(n);
        return pos(n.getSymbol());
    }

    private static Pos pos(ParserRuleContext c) {
        need(c);
        return pos(c.getStart());
    }
}
