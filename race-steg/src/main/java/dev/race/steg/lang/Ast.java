package dev.race.steg.lang;

import dev.race.steg.model.Shape;
import dev.race.steg.model.Visibility;

import java.math.BigInteger;
import java.util.List;

/**
 * The syntax of one source after parsing, before names are resolved. Every node keeps the position of
 * the token a diagnostic about it should point at. Nodes with a part missing after a syntax error are
 * never built, so later passes see only complete nodes.
 */
final class Ast {
    private Ast() {
    }

    /** A 1-based line and column. */
    record Pos(int line, int col) {
    }

    record Header(Pos pos, String name, Pos versionPos, String versionText) {
    }

    /** {@code crateAttrs}: the inner attributes after the header ({@code #![repr(strategy = "name")]}). */
    record FileNode(Header header, Pos firstTokenPos, List<AttrNode> crateAttrs, List<ItemNode> items) {
    }

    /** A path as written: {@code global} for a leading {@code ::}; segments may start with crate/self/super. */
    record PathNode(Pos pos, boolean global, List<String> segments) {
        String text() {
            return (global ? "::" : "") + String.join("::", segments);
        }
    }

    /**
     * One hint of an attribute list: {@code name}, {@code name(INT)} ({@code intText}), {@code name = "text"}
     * ({@code stringValue}) or {@code name = INT} ({@code valueInt}); the others null.
     */
    record AttrArg(Pos pos, String name, String intText, String stringValue, String valueInt) {
        AttrArg(Pos pos, String name, String intText) {
            this(pos, name, intText, null, null);
        }

        boolean hasValue() {
            return stringValue != null || valueInt != null;
        }
    }

    /** {@code #[name]}, {@code #[name(args)]} ({@code args} non-null) or {@code #[name = "value"]}. */
    record AttrNode(Pos pos, String name, List<AttrArg> args, String value) {
    }

    sealed interface TypeNode {
        Pos pos();
    }

    record UnitT(Pos pos) implements TypeNode {
    }

    record NeverT(Pos pos) implements TypeNode {
    }

    record TupleT(Pos pos, List<TypeNode> elements) implements TypeNode {
    }

    record ArrayT(Pos pos, TypeNode element, Pos lengthPos, String lengthText) implements TypeNode {
    }

    record SliceT(Pos pos, TypeNode element) implements TypeNode {
    }

    record RefT(Pos pos, boolean mutable, TypeNode target) implements TypeNode {
    }

    record PtrT(Pos pos, boolean mutable, TypeNode target) implements TypeNode {
    }

    /** {@code abi} is the string after {@code extern} ("C" when absent), or null for a plain {@code fn}. */
    record FnT(Pos pos, String abi, List<TypeNode> params, TypeNode ret) implements TypeNode {
    }

    record DynT(Pos pos, PathNode trait) implements TypeNode {
    }

    record SelfT(Pos pos) implements TypeNode {
    }

    /** A path with optional generic arguments ({@code args} null when there are no angle brackets). */
    record PathT(Pos pos, PathNode path, List<TypeNode> args) implements TypeNode {
    }

    record FieldNode(Pos pos, List<AttrNode> attrs, Visibility visibility, Pos visPos, String name, TypeNode type,
                     DefaultNode dflt) {
        FieldNode(Pos pos, List<AttrNode> attrs, Visibility visibility, Pos visPos, String name, TypeNode type) {
            this(pos, attrs, visibility, visPos, name, type, null);
        }
    }

    /**
     * A field default after {@code =}: an integer literal ({@code value}, already negated for {@code -}) or a word
     * ({@code word}, which the compiler accepts only as {@code true} / {@code false}).
     */
    record DefaultNode(Pos pos, BigInteger value, String word) {
    }

    record VariantNode(Pos pos, List<AttrNode> attrs, String name, Shape shape, List<FieldNode> fields,
                       Pos discPos, BigInteger discriminant) {
    }

    record ParamNode(Pos pos, String name, TypeNode type) {
    }

    record EffectNode(Pos pos, String name) {
    }

    record MethodNode(Pos pos, List<AttrNode> attrs, String name, Pos genericsPos, List<ParamNode> params,
                      TypeNode ret, List<EffectNode> effects, String defaultSymbol) {
    }

    record ImplMethodNode(Pos pos, List<AttrNode> attrs, String name, String symbol) {
    }

    /** What every item has: outer attributes, visibility (and where it was written), name, and generics if any. */
    record Common(Pos pos, List<AttrNode> attrs, Visibility visibility, Pos visPos, String name, Pos genericsPos) {
    }

    sealed interface ItemNode {
        Common common();
    }

    record StructN(Common common, Shape shape, List<FieldNode> fields) implements ItemNode {
    }

    record EnumN(Common common, List<VariantNode> variants) implements ItemNode {
    }

    /** {@code supertraits}: the paths after the colon, as written (empty when there is none). */
    record TraitN(Common common, List<PathNode> supertraits, List<MethodNode> methods) implements ItemNode {
    }

    record ImplN(Common common, PathNode trait, TypeNode forType, List<ImplMethodNode> methods) implements ItemNode {
    }

    /** {@code externAbi}: null for a plain {@code fn}; the ABI string ("C" when omitted) after {@code extern}. */
    record FnN(Common common, String externAbi, Pos abiPos, List<ParamNode> params, TypeNode ret,
               List<EffectNode> effects) implements ItemNode {
    }

    record AliasN(Common common, TypeNode target) implements ItemNode {
    }

    record ModN(Common common, List<ItemNode> items) implements ItemNode {
    }

    /** {@code use path [as alias];} — {@code common.name} is the name it binds. */
    record UseN(Common common, PathNode path) implements ItemNode {
    }
}
