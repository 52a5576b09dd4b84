package dev.race.bindgen.c;

import dev.race.bindgen.BindgenException;
import dev.race.bindgen.BindgenRequest;
import dev.race.format.marker.Marker;
import dev.race.format.marker.MarkerException;
import dev.race.format.marker.Markers;
import dev.race.layout.FieldLayout;
import dev.race.layout.LayoutException;
import dev.race.layout.LayoutSolver;
import dev.race.layout.TagLayout;
import dev.race.layout.TypeLayout;
import dev.race.steg.model.Crate;
import dev.race.steg.model.Field;
import dev.race.steg.model.FnSig;
import dev.race.steg.model.Item;
import dev.race.steg.model.Param;
import dev.race.steg.model.Path;
import dev.race.steg.model.PrimKind;
import dev.race.steg.model.TraitMethod;
import dev.race.steg.model.Type;
import dev.race.steg.model.TypeText;
import dev.race.steg.model.Variant;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The C header of a crate ({@code <crate>.h}): C99, {@code static inline} accessors over marker symbols, real C
 * structs with layout assertions for {@code #[frozen]} structs. See docs/bindgen.md for what each item kind
 * becomes and docs/markers.md for the marker idiom ({@code race_const}).
 *
 * <p>The header is assembled from parts filled while the items are walked: the helpers it needs, the type
 * definitions (which C wants before any use), and the functions per item in declaration order.
 */
public final class CBindings {
    private CBindings() {
    }

    public static String generate(BindgenRequest request) throws BindgenException {
        return new Gen(request).run();
    }

    /** A declaration that cannot be bound; the message says why, for the comment left in its place. */
    private static final class NotBound extends Exception {
        private static final long serialVersionUID = 1L;

        NotBound(String why) {
            super(why, null, false, false);
        }
    }

    private static final class Gen {
        private final BindgenRequest request;
        private final Crate crate;
        private final Map<Path, Item> items = new HashMap<>();
        private final LayoutSolver solver;
        private final CNames names = new CNames();
        private final List<String> problems = new ArrayList<>();
        private final Set<String> declaredMarkers = new HashSet<>();
        private final Set<String> helpers = new LinkedHashSet<>();

        private final StringBuilder types = new StringBuilder();
        private final StringBuilder body = new StringBuilder();
        /** Markers the item being written uses, declared just before its functions. */
        private final Set<String> itemMarkers = new LinkedHashSet<>();

        Gen(BindgenRequest request) {
            this.request = request;
            this.crate = request.crate();
            List<Crate> all = new ArrayList<>();
            all.add(crate);
            for (Crate c : request.imports()) {
                if (!c.name().equals(crate.name())) {
                    all.add(c);
                }
            }
            for (Crate c : all) {
                for (Item it : c.items()) {
                    items.putIfAbsent(it.path(), it);
                }
            }
            this.solver = new LayoutSolver(request.target(), all);
            this.slots = new dev.race.vtable.VtableSynthesizer(solver, all);
        }

        /** Answers the slot offsets of #[frozen] traits, as the linker answers slot markers. */
        private final dev.race.vtable.VtableSynthesizer slots;

        /**
         * The byte offset of a method's slot as C: a #[frozen] trait's slot is a constant the bindings compile in
         * (the trait promises it across versions, the link checks the promise); any other trait's is its marker.
         */
        private String slot(Item.Trait t, String method) {
            if (t.frozen()) {
                return Long.toString(slots.slotOffset(t.path(), method));
            }
            return konst(new Marker.Slot(t.path(), method));
        }

        String run() throws BindgenException {
            List<Item.Struct> frozen = new ArrayList<>();
            for (Item it : crate.items()) {
                claimItem(it);
                if (it instanceof Item.Struct s && s.frozen()) {
                    frozen.add(s);
                }
            }
            // type definitions first: trait objects, then frozen structs (dependencies first), then aliases
            for (Item it : crate.items()) {
                if (it instanceof Item.Trait t) {
                    String dyn = names.claim(CNames.of(t.path()) + "_dyn", t.path().toString());
                    names.claim(CNames.Space.TAG, dyn, t.path().toString());
                    types.append("/* ").append(t.path()).append(" as a trait object (&dyn / &mut dyn): data and vtable */\n");
                    types.append("typedef struct ").append(dyn).append(" { const void *data; const void *vtable; } ")
                            .append(dyn).append(";\n\n");
                }
            }
            frozenStructs(frozen);
            for (Item it : crate.items()) {
                if (it instanceof Item.TypeAlias a) {
                    alias(a);
                }
            }
            for (Item it : crate.items()) {
                itemMarkers.clear();
                StringBuilder out = new StringBuilder();
                if (it instanceof Item.Struct s && !s.frozen()) {
                    resilientStruct(s, out);
                } else if (it instanceof Item.Enum e) {
                    enumItem(e, out);
                } else if (it instanceof Item.Trait t) {
                    trait(t, out);
                } else if (it instanceof Item.Impl i) {
                    impl(i, out);
                } else if (it instanceof Item.Function f && !f.external()) {
                    function(f, out);
                }
                String drop = it instanceof Item.Struct ds ? ds.dropSymbol() : it instanceof Item.Enum de ? de.dropSymbol() : null;
                if (drop != null) {
                    if (drop.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                        names.claim(drop, it.path() + "'s drop glue");
                        out.append("/* ").append(it.path()).append("'s drop glue (#[drop]): drops the value in place, ")
                                .append("does not free it; vtable word 0 */\nvoid ").append(drop).append("(void *self);\n");
                    } else {
                        out.append("/* ").append(it.path()).append("'s drop glue ").append(drop)
                                .append(": no prototype, the symbol is not a C identifier */\n");
                    }
                }
                if (out.length() > 0) {
                    // the item's opening comment, then the markers it uses, then its declarations
                    int note = out.indexOf("/* ") == 0 ? out.indexOf(" */\n") + 4 : 0;
                    body.append(out, 0, note);
                    for (String m : itemMarkers) {
                        if (declaredMarkers.add(m)) {
                            body.append("extern const char ").append(m).append("[];\n");
                        }
                    }
                    body.append(out, note, out.length()).append('\n');
                }
            }
            problems.addAll(0, names.problems());
            if (!problems.isEmpty()) {
                throw new BindgenException(problems);
            }
            return assemble();
        }

        private String assemble() {
            String guard = "RACE_BINDGEN_" + crate.name().toUpperCase(Locale.ROOT) + "_H";
            StringBuilder h = new StringBuilder();
            h.append("/* ").append(crate.name()).append(".h: C bindings of crate ").append(crate.name()).append(' ')
                    .append(crate.version()).append(" (target ").append(request.target().name())
                    .append("), generated by `race bindgen`; do not edit.\n");
            h.append(" * Layout constants are marker symbols (__race_*) that the RACE linker answers at link time; they are\n");
            h.append(" * read only through race_const(), never as addresses (docs/markers.md). */\n");
            h.append("#ifndef ").append(guard).append('\n');
            h.append("#define ").append(guard).append("\n\n");
            h.append("#include <stddef.h>\n#include <stdint.h>\n#include <stdbool.h>\n");
            // every crate it is built against: its functions, types and accessors are what this crate's users call
            for (Crate c : request.imports()) {
                if (!c.name().equals(crate.name())) {
                    h.append("#include \"").append(c.name()).append(".h\"\n");
                }
            }
            h.append('\n');
            h.append("""
                    #ifndef RACE_CONST_DEFINED
                    #define RACE_CONST_DEFINED
                    /* The value of a marker symbol. The empty asm hides the symbol from alias analysis and from the
                     * compiler's non-null and alignment assumptions; it is not volatile, so repeated uses merge and hoist. */
                    static inline size_t race_const(const char *marker) { size_t v; __asm__("" : "=r"(v) : "0"(marker)); return v; }
                    #endif
                    """);
            for (String helper : helpers) {
                h.append(helper);
            }
            h.append('\n');
            h.append(types);
            h.append(body);
            h.append("#endif /* ").append(guard).append(" */\n");
            // no trailing blank lines inside the guard
            return h.toString().replaceAll("\n{3,}", "\n\n").replace("\n\n#endif /* " + guard, "\n#endif /* " + guard);
        }

        // -----------------------------------------------------------------------------------------------
        // names

        private void claimItem(Item it) {
            String owner = it.path().toString();
            if (it instanceof Item.Struct || it instanceof Item.Enum || it instanceof Item.Trait
                    || it instanceof Item.TypeAlias) {
                names.claim(CNames.Space.ITEM, CNames.of(it.path()), owner);
            }
        }

        private String marker(Marker m) {
            try {
                String s = Markers.mangle(m);
                itemMarkers.add(s);
                return s;
            } catch (MarkerException e) {
                problems.add(e.getMessage());
                return "__race_invalid";
            }
        }

        private String konst(Marker m) {
            return "race_const(" + marker(m) + ")";
        }

        // -----------------------------------------------------------------------------------------------
        // types

        private Item item(Path p) {
            return items.get(p);
        }

        /** {@code t} with every alias seen through. */
        private Type resolve(Type t) {
            int guard = 0;
            while (t instanceof Type.Named n && item(n.path()) instanceof Item.TypeAlias a && guard++ < 64) {
                t = a.target();
            }
            return t;
        }

        private Item.Struct frozenStruct(Type t) {
            if (resolve(t) instanceof Type.Named n && item(n.path()) instanceof Item.Struct s && s.frozen()
                    && layout(n.path()).map(l -> l.size() > 0).orElse(false)) {
                return s;
            }
            return null;
        }

        private java.util.Optional<TypeLayout> layout(Path p) {
            try {
                return java.util.Optional.of(solver.layout(p));
            } catch (LayoutException e) {
                problems.add(e.getMessage());
                return java.util.Optional.empty();
            }
        }

        private TypeLayout layoutOf(Type t) {
            try {
                return solver.layout(t);
            } catch (LayoutException e) {
                problems.add(e.getMessage());
                return null;
            }
        }

        /** The C name of an item of this crate or an import. */
        private String use(Path p) {
            return CNames.of(p);
        }

        private String prim(PrimKind k) {
            return switch (k) {
                case U8 -> "uint8_t";
                case U16 -> "uint16_t";
                case U32, CHAR -> "uint32_t";
                case U64 -> "uint64_t";
                case USIZE -> "size_t";
                case I8 -> "int8_t";
                case I16 -> "int16_t";
                case I32 -> "int32_t";
                case I64 -> "int64_t";
                case ISIZE -> "ptrdiff_t";
                case F32 -> "float";
                case F64 -> "double";
                case BOOL -> "bool";
                case U128 -> helper("race_u128", """
                        #ifndef RACE_U128_DEFINED
                        #define RACE_U128_DEFINED
                        __extension__ typedef unsigned __int128 race_u128;
                        #endif
                        """);
                case I128 -> helper("race_i128", """
                        #ifndef RACE_I128_DEFINED
                        #define RACE_I128_DEFINED
                        __extension__ typedef __int128 race_i128;
                        #endif
                        """);
                case UNIT, NEVER -> null;
            };
        }

        private String helper(String name, String text) {
            helpers.add(text);
            return name;
        }

        private String raceStr() {
            return helper("race_str", """
                    #ifndef RACE_STR_DEFINED
                    #define RACE_STR_DEFINED
                    /* &str: UTF-8 bytes and their count */
                    typedef struct race_str { const uint8_t *ptr; size_t len; } race_str;
                    #endif
                    """);
        }

        private String raceSlice() {
            return helper("race_slice", """
                    #ifndef RACE_SLICE_DEFINED
                    #define RACE_SLICE_DEFINED
                    /* &[T]: the first element and the element count */
                    typedef struct race_slice { const void *ptr; size_t len; } race_slice;
                    #endif
                    """);
        }

        private String raceFn() {
            return helper("race_fn", """
                    #ifndef RACE_FN_DEFINED
                    #define RACE_FN_DEFINED
                    /* any function pointer: cast it to the function's type to call it */
                    typedef void (*race_fn)(void);
                    #endif
                    """);
        }

        /** The C type that is exactly {@code t} in memory, or null when C has none (say so with void). */
        private String memType(Type t) {
            t = resolve(t);
            if (t instanceof Type.Prim p) {
                return prim(p.kind());
            }
            if (t instanceof Type.Named n) {
                return frozenStruct(t) != null ? use(n.path()) : null;
            }
            if (t instanceof Type.Ref r) {
                return pointerTo(r.target(), !r.mutable());
            }
            if (t instanceof Type.RawPtr r) {
                return pointerTo(r.target(), !r.mutable());
            }
            if (t instanceof Type.BoxOf b) {
                return pointerTo(b.target(), false);
            }
            if (t instanceof Type.OptionOf o) {
                Type inner = resolve(o.inner());
                // Option of a never-null pointer is that pointer, null for None
                if (inner instanceof Type.Ref || inner instanceof Type.BoxOf || inner instanceof Type.FnPtr) {
                    return memType(inner);
                }
                return null;
            }
            if (t instanceof Type.FnPtr) {
                return raceFn();
            }
            return null;
        }

        /** A pointer to {@code target}: a fat pointer's struct for str, [T] and dyn Trait. */
        private String pointerTo(Type target, boolean isConst) {
            target = resolve(target);
            if (target instanceof Type.Str) {
                return raceStr();
            }
            if (target instanceof Type.Slice) {
                return raceSlice();
            }
            if (target instanceof Type.Dyn d) {
                return use(d.trait()) + "_dyn";
            }
            return pointer(pointee(target), isConst);
        }

        /** What a thin pointer to {@code t} points to in C: its memory type, an array's element, else void. */
        private String pointee(Type t) {
            t = resolve(t);
            if (t instanceof Type.Array a) {
                return pointee(a.element());
            }
            String m = memType(t);
            return m == null ? "void" : m;
        }

        static String pointer(String pointee, boolean isConst) {
            if (pointee.endsWith("*")) {
                return pointee + (isConst ? "const *" : "*");
            }
            return (isConst ? "const " : "") + pointee + " *";
        }

        /** {@code int32_t x}, {@code float *x}. */
        static String decl(String type, String name) {
            return type.endsWith("*") ? type + name : type + " " + name;
        }

        /** The C type of a parameter or return value of type {@code t}; "void" for () and ! when {@code ret}. */
        private String valueType(Type t, boolean ret) throws NotBound {
            Type r = resolve(t);
            if (r instanceof Type.Prim p && (p.kind() == PrimKind.UNIT || p.kind() == PrimKind.NEVER)) {
                if (ret) {
                    return "void";
                }
                throw new NotBound("a zero-sized " + p.kind().rustName() + " parameter has no C type");
            }
            if (r instanceof Type.Named n) {
                Item it = item(n.path());
                if (it instanceof Item.Struct s && !s.frozen() || it instanceof Item.Enum e && !e.frozen()) {
                    throw new NotBound("a resilient type crosses by value (" + n.path() + "); take &T");
                }
                if (it instanceof Item.Enum) {
                    throw new NotBound("an enum crosses by value (" + n.path() + "); C has no type for it, take &T");
                }
            }
            if (r instanceof Type.SelfType) {
                throw new NotBound("Self crosses by value; take &self");
            }
            String m = memType(r);
            if (m == null) {
                throw new NotBound(TypeText.of(t) + " crosses by value and has no C type; take a pointer");
            }
            return m;
        }


        // -----------------------------------------------------------------------------------------------
        // frozen structs

        private void frozenStructs(List<Item.Struct> frozen) {
            List<Item.Struct> sized = new ArrayList<>();
            for (Item.Struct s : frozen) {
                TypeLayout l = layout(s.path()).orElse(null);
                if (l == null) {
                    continue;
                }
                if (l.size() == 0) {
                    types.append("/* ").append(s.path()).append(": zero-sized, so it has no C type */\n\n");
                    continue;
                }
                sized.add(s);
                String c = names.claim(CNames.of(s.path()), s.path().toString());
                names.claim(CNames.Space.TAG, c, s.path().toString());
                types.append("typedef struct ").append(c).append(' ').append(c).append(";\n");
            }
            if (!sized.isEmpty()) {
                types.append('\n');
            }
            // a struct embedding another by value needs it defined first
            Set<Path> done = new HashSet<>();
            Set<Path> own = new HashSet<>();
            sized.forEach(s -> own.add(s.path()));
            for (Item.Struct s : sized) {
                defineInOrder(s, own, done, new HashSet<>());
            }
        }

        private void defineInOrder(Item.Struct s, Set<Path> own, Set<Path> done, Set<Path> visiting) {
            if (done.contains(s.path()) || !visiting.add(s.path())) {
                return;
            }
            for (Field f : s.fields()) {
                Type t = resolve(f.type());
                while (t instanceof Type.Array a) {
                    t = resolve(a.element());
                }
                if (t instanceof Type.Named n && own.contains(n.path()) && item(n.path()) instanceof Item.Struct dep) {
                    defineInOrder(dep, own, done, visiting);
                }
            }
            done.add(s.path());
            defineFrozen(s);
        }

        private void defineFrozen(Item.Struct s) {
            TypeLayout l = layout(s.path()).orElseThrow();
            String c = CNames.of(s.path());
            List<FieldLayout> fields = new ArrayList<>(l.fields());
            fields.sort(Comparator.comparingLong(FieldLayout::offset).thenComparingLong(FieldLayout::size));
            List<String> members = new ArrayList<>();
            List<String[]> asserts = new ArrayList<>();
            Set<String> memberNames = new HashSet<>();
            long covered = 0;
            int pad = 0;
            long natural = 1;
            boolean misplaced = false;
            for (FieldLayout f : fields) {
                if (f.size() == 0) {
                    members.add("/* " + f.name() + ": " + TypeText.of(f.type()) + " is zero-sized */");
                    continue;
                }
                if (f.offset() > covered) {
                    members.add("uint8_t _pad" + pad++ + "[" + (f.offset() - covered) + "];");
                }
                String name = CNames.member(f.name());
                if (!memberNames.add(name)) {
                    problems.add(s.path() + ": two fields give the C member name `" + name + "`");
                }
                TypeLayout fl = layoutOf(f.type());
                long align = fl == null ? 1 : fl.align();
                natural = Math.max(natural, align);
                if (f.offset() % align != 0) {
                    misplaced = true;
                }
                String m = member(f.type(), name, f.size(), align);
                int comment = m.indexOf(" /* ");
                members.add(comment < 0 ? m + ";" : m.substring(0, comment) + ";" + m.substring(comment));
                asserts.add(new String[] {name, f.name(), Long.toString(f.offset())});
                covered = f.offset() + f.size();
            }
            if (l.size() > covered) {
                members.add("uint8_t _pad" + pad + "[" + (l.size() - covered) + "];");
            }
            for (String m : members) {
                String mname = m.startsWith("uint8_t _pad") ? m.substring(8, m.indexOf('[')) : null;
                if (mname != null && memberNames.contains(mname)) {
                    problems.add(s.path() + ": a field is named like the padding member `" + mname + "`");
                }
            }
            String attr = "";
            if (misplaced || l.align() < natural) {
                attr = l.align() > 1 ? " __attribute__((packed, aligned(" + l.align() + ")))" : " __attribute__((packed))";
            } else if (l.align() > natural) {
                attr = " __attribute__((aligned(" + l.align() + ")))";
            }
            types.append("/* ").append(s.path()).append(": #[frozen], its layout is promised; the asserts check that C agrees */\n");
            types.append("struct ").append(c).append(" {\n");
            for (String m : members) {
                types.append("    ").append(m).append('\n');
            }
            types.append("}").append(attr).append(";\n");
            String target = request.target().name();
            types.append(assertLine("sizeof(" + c + ") == " + l.size(), s.path() + " is " + l.size() + " bytes on " + target));
            types.append(assertLine("__extension__ _Alignof(" + c + ") == " + l.align(),
                    s.path() + " is " + l.align() + "-aligned on " + target));
            for (String[] a : asserts) {
                types.append(assertLine("offsetof(" + c + ", " + a[0] + ") == " + a[2],
                        s.path() + "." + a[1] + " is at offset " + a[2]));
            }
            types.append('\n');
        }

        private static String assertLine(String cond, String message) {
            return "__extension__ _Static_assert(" + cond + ", \"" + message + "\");\n";
        }

        /** A struct member of type {@code t}; opaque bytes of the right size and alignment when C has no type. */
        private String member(Type t, String name, long size, long align) {
            String m = memType(t);
            if (m != null) {
                return decl(m, name);
            }
            StringBuilder dims = new StringBuilder();
            Type e = resolve(t);
            while (e instanceof Type.Array a) {
                dims.append('[').append(a.length()).append(']');
                e = resolve(a.element());
            }
            String em = dims.length() > 0 ? memType(e) : null;
            if (em != null) {
                return decl(em, name) + dims;
            }
            return "uint8_t " + name + "[" + size + "]" + (align > 1 ? " __attribute__((aligned(" + align + ")))" : "")
                    + " /* " + TypeText.of(t) + ": no C type */";
        }

        // -----------------------------------------------------------------------------------------------
        // aliases

        private void alias(Item.TypeAlias a) {
            String owner = a.path().toString();
            try {
                String m = valueType(a.target(), false);
                String c = names.claim(CNames.of(a.path()), owner);
                types.append("typedef ").append(decl(m, c)).append("; /* ").append(owner).append(" */\n\n");
            } catch (NotBound e) {
                types.append("/* ").append(owner).append(" = ").append(TypeText.of(a.target()))
                        .append(": no typedef, ").append(e.getMessage()).append(" */\n\n");
            }
        }

        // -----------------------------------------------------------------------------------------------
        // resilient structs

        private void sizeAlign(Path p, String c, StringBuilder out) {
            String owner = p.toString();
            out.append("static inline size_t ").append(names.claim(c + "_size", owner)).append("(void) { return ")
                    .append(konst(new Marker.Size(p))).append("; }\n");
            out.append("static inline size_t ").append(names.claim(c + "_align", owner)).append("(void) { return ")
                    .append(konst(new Marker.Align(p))).append("; }\n");
            // type-exists: code built against this version can run with an older one that lacks the whole type, if
            // it asks first; `_exists` cannot meet a field-exists accessor (those are `_has_<field>`), and a field or
            // variant named `exists` is reported as a clash like one named `size`
            out.append("static inline bool ").append(names.claim(c + "_exists", owner)).append("(void) { return ")
                    .append(konst(new Marker.Has(p, List.of()))).append(" != 0; }\n");
        }

        private void resilientStruct(Item.Struct s, StringBuilder out) {
            String c = CNames.of(s.path());
            out.append("/* ").append(s.path()).append(": resilient, its size and field offsets are answered at link time */\n");
            sizeAlign(s.path(), c, out);
            for (Field f : s.fields()) {
                accessor(c + "_" + f.name(), s.path() + "." + f.name(), f.type(),
                        new Marker.Offset(s.path(), List.of(f.name())), out);
                // an Option that is not a nullable pointer: also a projection to its payload, Some.0
                if (resolve(f.type()) instanceof Type.OptionOf o && memType(f.type()) == null) {
                    accessor(c + "_" + f.name() + "_Some_0", s.path() + "." + f.name() + ".Some.0", o.inner(),
                            new Marker.Offset(s.path(), List.of(f.name(), "Some", "0")), out);
                }
            }
            // init: the linked version's init image (its defaults, zero elsewhere) copied over the value, so that
            // fields a later version adds hold their defaults; copied byte by byte (no memcpy: freestanding code
            // links without libc), the empty asm keeping the compiler from turning the loop into a memcpy call
            out.append("static inline void ").append(names.claim(c + "_init", s.path() + " init")).append("(void *self) {\n")
                    .append("    const char *src = (const char *)").append(konst(new Marker.Init(s.path()))).append(";\n")
                    .append("    char *dst = (char *)self;\n")
                    .append("    for (size_t i = 0, n = ").append(konst(new Marker.Size(s.path())))
                    .append("; i < n; i++) {\n")
                    .append("        dst[i] = src[i];\n")
                    .append("        __asm__(\"\" : : \"r\"(dst) : \"memory\");\n")
                    .append("    }\n}\n");
            // field-exists: code built against this version can run with an older one that lacks a field, if it
            // asks first (an unguarded access to a missing field is refused by the link)
            for (Field f : s.fields()) {
                out.append("static inline bool ").append(names.claim(c + "_has_" + f.name(), s.path() + "." + f.name()))
                        .append("(void) { return ").append(konst(new Marker.Has(s.path(), List.of(f.name()))))
                        .append(" != 0; }\n");
            }
        }

        /**
         * {@code T *name(const void *self)}: the address of a member at a marker's offset. Like {@code strchr}, it
         * takes a pointer to const and returns one to non-const, so one accessor serves readers and writers.
         */
        private void accessor(String name, String owner, Type type, Marker.Offset off, StringBuilder out) {
            String ret = pointer(pointee(type), false);
            names.claim(name, owner);
            out.append("static inline ").append(decl(ret, name)).append("(const void *self) { return (").append(ret)
                    .append(")((char *)self + ").append(konst(off)).append("); }");
            if (ret.equals("void *") && !(resolve(type) instanceof Type.Prim)) {
                out.append(" /* ").append(TypeText.of(type)).append(" */");
            }
            out.append('\n');
        }

        // -----------------------------------------------------------------------------------------------
        // enums

        private void enumItem(Item.Enum e, StringBuilder out) {
            String c = CNames.of(e.path());
            String owner = e.path().toString();
            TypeLayout.Encoding encoding;
            TagLayout tag;
            String dataful = null;
            if (LayoutSolver.hasStableTag(e)) {
                // docs/layout.md: a resilient enum always keeps a 4-byte tag at offset 0, never a niche
                encoding = TypeLayout.Encoding.TAGGED;
                tag = new TagLayout(0, 4, false);
                out.append("/* ").append(owner).append(": resilient enum; its tag is a uint32_t at offset 0 under every version, its\n")
                        .append(" * values are the __race_tag_ markers. UNKNOWN is a variant this header does not know. */\n");
            } else {
                TypeLayout l = layout(e.path()).orElse(null);
                if (l == null) {
                    return;
                }
                encoding = l.encoding();
                tag = l.tag();
                if (encoding == TypeLayout.Encoding.NICHE) {
                    for (Variant v : e.variants()) {
                        try {
                            solver.tagOf(e.path(), v.name());
                        } catch (LayoutException ex) {
                            dataful = v.name();
                        }
                    }
                }
                out.append("/* ").append(owner).append(": ").append(e.frozen() ? "#[frozen]" : "fixed by its repr")
                        .append(" enum, ").append(encoding.name().toLowerCase(Locale.ROOT)).append(" encoding");
                if (tag != null) {
                    out.append(" (").append(tag.size()).append("-byte ").append(encoding == TypeLayout.Encoding.NICHE
                            ? "niche" : "tag").append(" at offset ").append(tag.offset()).append(')');
                }
                out.append(". */\n");
            }
            String enumTag = names.claim(CNames.Space.TAG, c + "_Variant", owner);
            String unknown = names.claim(c + "_Variant_UNKNOWN", owner);
            out.append("enum ").append(enumTag).append(" {");
            for (Variant v : e.variants()) {
                out.append(' ').append(names.claim(c + "_" + v.name(), owner + "::" + v.name())).append(',');
            }
            out.append(' ').append(unknown).append(" };\n");
            sizeAlign(e.path(), c, out);

            String tagType = tag == null ? null : switch ((int) tag.size()) {
                case 1 -> "uint8_t";
                case 2 -> "uint16_t";
                case 4 -> "uint32_t";
                case 8 -> "uint64_t";
                case 16 -> prim(PrimKind.U128);
                default -> null;
            };
            if (tag != null && tagType == null) {
                problems.add(owner + ": a " + tag.size() + "-byte tag has no C integer type");
                return;
            }
            String at = tag == null || tag.offset() == 0 ? null : " + " + tag.offset();
            String get = names.claim(c + "_variant", owner);
            String set = names.claim(c + "_set_variant", owner);
            out.append("static inline enum ").append(enumTag).append(' ').append(get).append("(const void *self) {\n");
            switch (encoding) {
                case TAGGED, NICHE -> {
                    out.append("    ").append(tagType).append(" tag = *(const ").append(tagType).append(" *)")
                            .append(at == null ? "self" : "((const char *)self" + at + ")").append(";\n");
                    for (Variant v : e.variants()) {
                        if (v.name().equals(dataful)) {
                            continue;
                        }
                        out.append("    if (tag == (").append(tagType).append(')')
                                .append(konst(new Marker.Tag(e.path(), v.name()))).append(") return ")
                                .append(c).append('_').append(v.name()).append(";\n");
                    }
                    out.append("    return ").append(dataful == null ? unknown : c + "_" + dataful).append(";\n");
                }
                case SINGLE -> out.append("    (void)self;\n    return ").append(c).append('_')
                        .append(e.variants().get(0).name()).append(";\n");
                default -> out.append("    (void)self;\n    return ").append(unknown).append(";\n");
            }
            out.append("}\n");
            if (encoding == TypeLayout.Encoding.NICHE) {
                out.append("/* ").append(dataful).append(" is every niche value that is no other variant's: set_variant(")
                        .append(c).append('_').append(dataful).append(") does nothing, write its payload instead */\n");
            } else if (encoding != TypeLayout.Encoding.TAGGED) {
                out.append("/* one variant or none: there is no tag to write */\n");
            }
            out.append("static inline void ").append(set).append("(void *self, enum ").append(enumTag).append(" v) {\n");
            if (encoding == TypeLayout.Encoding.TAGGED || encoding == TypeLayout.Encoding.NICHE) {
                out.append("    ").append(tagType).append(" tag;\n    switch (v) {\n");
                for (Variant v : e.variants()) {
                    if (v.name().equals(dataful)) {
                        continue;
                    }
                    out.append("    case ").append(c).append('_').append(v.name()).append(": tag = (").append(tagType)
                            .append(')').append(konst(new Marker.Tag(e.path(), v.name()))).append("; break;\n");
                }
                out.append("    default: return;\n    }\n");
                out.append("    *(").append(tagType).append(" *)").append(at == null ? "self" : "((char *)self" + at + ")")
                        .append(" = tag;\n");
            } else {
                out.append("    (void)self;\n    (void)v;\n");
            }
            out.append("}\n");
            for (Variant v : e.variants()) {
                for (Field f : v.fields()) {
                    accessor(c + "_" + v.name() + "_" + f.name(), owner + "::" + v.name() + "." + f.name(), f.type(),
                            new Marker.Offset(e.path(), List.of(v.name(), f.name())), out);
                }
            }
        }

        // -----------------------------------------------------------------------------------------------
        // traits and impls

        private void trait(Item.Trait t, StringBuilder out) {
            String c = CNames.of(t.path());
            String owner = t.path().toString();
            String dyn = c + "_dyn";
            out.append("/* ").append(owner).append(t.frozen()
                    ? ": one call per method, through its vtable slot (#[frozen]: the slots are constants) */\n"
                    : ": one call per method, through the vtable slot the linker answers */\n");
            // the supertraits' methods first (their slots come first in every vtable of the trait), then its own; a
            // supertrait method that the trait or another supertrait also declares is reached by upcasting
            List<Path> supers = supertraits(t, out);
            Map<String, Integer> declared = new HashMap<>();
            List<Item.Trait> owners = new ArrayList<>();
            for (Path sp : supers) {
                if (item(sp) instanceof Item.Trait st) owners.add(st);
            }
            owners.add(t);
            for (Item.Trait o : owners) {
                for (TraitMethod m : o.methods()) declared.merge(m.name(), 1, Integer::sum);
            }
            for (Item.Trait o : owners) {
                for (TraitMethod m : o.methods()) {
                    boolean inherited = o != t;
                    if (inherited && (declared.get(m.name()) > 1)) {
                        out.append("/* ").append(o.path()).append("::").append(m.name()).append(": not bound on ")
                                .append(owner).append(", another of its traits has a method of that name; upcast to ")
                                .append(o.path()).append(" */\n");
                        continue;
                    }
                    method(t, c, dyn, o.path(), m, out);
                }
            }
            for (Path sp : supers) {
                if (!(item(sp) instanceof Item.Trait)) continue;
                String target = use(sp) + "_dyn";
                String shortName = c + "_as_" + CNames.member(sp.name());
                String fn = names.taken(shortName) ? c + "_as_" + CNames.of(sp) : shortName;
                fn = names.claim(fn, owner + " as " + sp);
                out.append("/* upcast a dyn ").append(owner).append(" to dyn ").append(sp)
                        .append(": the same data, the vtable its vtable points at */\n");
                out.append("static inline ").append(target).append(' ').append(fn).append('(').append(dyn)
                        .append(" self) {\n    ").append(target).append(" o;\n    o.data = self.data;\n")
                        .append("    o.vtable = *(const void *const *)((const char *)self.vtable + ")
                        .append(konst(new Marker.Upcast(t.path(), sp))).append(");\n    return o;\n}\n");
            }
            String drop = names.claim(c + "_box_drop", owner + ": dropping a Box<dyn " + owner + ">");
            out.append("/* drop a Box<dyn ").append(owner).append(">: the type's drop glue (vtable word 0) when it has one,\n")
                    .append(" * then free(), unless the value is zero-sized (docs/bindgen.md, \"Trait objects\") */\n");
            out.append("static inline void ").append(drop).append('(').append(dyn).append(" self) {\n")
                    .append("    ").append(raceBoxFree()).append("(self.data, self.vtable);\n}\n");
        }

        /** The transitive supertraits of {@code t}, depth first in declaration order, each once (vtable order). */
        private List<Path> supertraits(Item.Trait t, StringBuilder out) {
            List<Path> acc = new ArrayList<>();
            collectSupertraits(t, acc, new java.util.HashSet<>(), out);
            return acc;
        }

        private void collectSupertraits(Item.Trait t, List<Path> acc, java.util.Set<Path> onPath, StringBuilder out) {
            onPath.add(t.path());
            for (Path s : t.supertraits()) {
                if (acc.contains(s) || onPath.contains(s)) continue;
                if (item(s) instanceof Item.Trait st) {
                    collectSupertraits(st, acc, onPath, out);
                } else {
                    out.append("/* supertrait ").append(s).append(" of ").append(t.path())
                            .append(": not declared by the crates given to bindgen (pass its crate with --import) */\n");
                }
                acc.add(s);
            }
            onPath.remove(t.path());
        }

        private String raceBoxFree() {
            return helper("race_box_free", """
                    #ifndef RACE_BOX_FREE_DEFINED
                    #define RACE_BOX_FREE_DEFINED
                    /* Box<dyn Trait>: vtable word 0 is the drop glue (or 0), word 1 the size; the memory of a
                     * non-zero-sized value is freed with free() (docs/bindgen.md, "Trait objects") */
                    static inline void race_box_free(const void *data, const void *vtable) {
                        extern void free(void *);
                        void (*drop)(void *) = *(void (*const *)(void *))vtable;
                        if (drop) drop((void *)data);
                        if (((const size_t *)vtable)[1] != 0) free((void *)data);
                    }
                    #endif
                    """);
        }

        private void method(Item.Trait t, String c, String dyn, Path declaredBy, TraitMethod m, StringBuilder out) {
                String where = declaredBy + "::" + m.name();
                FnSig sig = m.sig();
                List<Param> ps = sig.params();
                if (ps.isEmpty() || !ps.get(0).name().equals("self")
                        || !(ps.get(0).type() instanceof Type.Ref r && r.target() instanceof Type.SelfType)) {
                    out.append("/* ").append(where).append(": not bound, only &self and &mut self methods are called through a vtable */\n");
                    return;
                }
                List<String> ctypes = new ArrayList<>();
                List<String> pnames = new ArrayList<>();
                String ret;
                try {
                    ret = valueType(sig.ret(), true);
                    for (int i = 1; i < ps.size(); i++) {
                        ctypes.add(valueType(ps.get(i).type(), false));
                        pnames.add(paramName(ps.get(i).name(), i, c));
                    }
                } catch (NotBound e) {
                    out.append("/* ").append(where).append(": not bound: ").append(e.getMessage()).append(" */\n");
                    return;
                }
                String fnType = names.claim(c + "_" + m.name() + "_fn", where);
                String fn = names.claim(c + "_" + m.name(), where);
                StringBuilder args = new StringBuilder("void *");
                ctypes.forEach(a -> args.append(", ").append(a));
                if (!declaredBy.equals(t.path())) {
                    out.append("/* ").append(where).append(", inherited: its slot in every vtable of ").append(t.path())
                            .append(" */\n");
                }
                out.append("typedef ").append(ret).append(" (*").append(fnType).append(")(").append(args).append(");\n");
                out.append("static inline ").append(decl(ret, fn)).append('(').append(dyn).append(" self");
                for (int i = 0; i < ctypes.size(); i++) {
                    out.append(", ").append(decl(ctypes.get(i), pnames.get(i)));
                }
                out.append(") {\n    ").append(ret.equals("void") ? "" : "return ").append("(*(const ").append(fnType)
                        .append(" *)((const char *)self.vtable + ").append(slot(t, m.name()))
                        .append("))((void *)self.data");
                pnames.forEach(p -> out.append(", ").append(p));
                out.append(");\n}\n");
        }

        /** A parameter's C name: its own unless C or this header would read it as something else. */
        private String paramName(String name, int index, String prefix) {
            if (name.equals("_")) {
                return "arg" + index;
            }
            String n = CNames.member(name);
            if (!n.equals(name)) {
                return n;
            }
            return names.taken(n) || n.startsWith(prefix + "_") ? n + "_" : n;
        }

        private void impl(Item.Impl i, StringBuilder out) {
            String trait = use(i.trait());
            String what = "impl " + i.trait() + " for " + TypeText.of(i.forType());
            implMethods(i, what, out);
            if (!(i.forType() instanceof Type.Named n)) {
                out.append("/* ").append(what).append(": no vtable getter, only a named type's vtable has a marker */\n");
                return;
            }
            String type = CNames.of(n.path());
            String getter = names.claim(trait + "_vtable_" + type, what);
            String maker = names.claim(trait + "_dyn_" + type, what);
            String vt = marker(new Marker.Vtable(i.trait(), n.path()));
            out.append("/* ").append(what).append(": its vtable (an address, not a layout constant) */\n");
            out.append("static inline const void *").append(getter).append("(void) { return ").append(vt).append("; }\n");
            out.append("static inline ").append(trait).append("_dyn ").append(maker).append("(void *data) {\n    ")
                    .append(trait).append("_dyn o;\n    o.data = data;\n    o.vtable = ").append(vt)
                    .append(";\n    return o;\n}\n");
        }

        /**
         * The prototype of each method body the impl names, so that the C that defines it is checked against the
         * trait: {@code &self} is {@code const void *self}, {@code &mut self} is {@code void *self}.
         */
        private void implMethods(Item.Impl i, String what, StringBuilder out) {
            if (!(item(i.trait()) instanceof Item.Trait t)) {
                return;
            }
            for (dev.race.steg.model.ImplMethod im : i.methods()) {
                TraitMethod m = t.methods().stream().filter(x -> x.name().equals(im.name())).findFirst().orElse(null);
                if (m == null) {
                    continue;
                }
                String where = what + ": fn " + im.name() + " = " + im.symbol();
                List<Param> ps = m.sig().params();
                if (ps.isEmpty() || !ps.get(0).name().equals("self")
                        || !(ps.get(0).type() instanceof Type.Ref r && r.target() instanceof Type.SelfType)) {
                    out.append("/* ").append(where).append(": no prototype, only &self and &mut self methods have one */\n");
                    continue;
                }
                if (!im.symbol().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    out.append("/* ").append(where).append(": no prototype, the symbol is not a C identifier */\n");
                    continue;
                }
                List<String> params = new ArrayList<>();
                params.add(r.mutable() ? "void *self" : "const void *self");
                String ret;
                try {
                    ret = valueType(m.sig().ret(), true);
                    for (int k = 1; k < ps.size(); k++) {
                        params.add(decl(valueType(ps.get(k).type(), false), paramName(ps.get(k).name(), k, "race")));
                    }
                } catch (NotBound e) {
                    out.append("/* ").append(where).append(": no prototype: ").append(e.getMessage()).append(" */\n");
                    continue;
                }
                names.claim(im.symbol(), what);
                out.append(decl(ret, im.symbol())).append('(').append(String.join(", ", params)).append(");\n");
            }
        }

        // -----------------------------------------------------------------------------------------------
        // functions

        private void function(Item.Function f, StringBuilder out) {
            String where = f.path() + " (" + f.symbol() + ")";
            if (!f.symbol().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                out.append("/* ").append(where).append(": not bound: the symbol is not a C identifier */\n");
                return;
            }
            String ret;
            List<String> params = new ArrayList<>();
            try {
                ret = valueType(f.sig().ret(), true);
                List<Param> ps = f.sig().params();
                for (int i = 0; i < ps.size(); i++) {
                    params.add(valueType(ps.get(i).type(), false));
                }
                for (int i = 0; i < ps.size(); i++) {
                    params.set(i, decl(params.get(i), paramName(ps.get(i).name(), i, "race")));
                }
            } catch (NotBound e) {
                out.append("/* ").append(where).append(": not bound: ").append(e.getMessage()).append(" */\n");
                return;
            }
            names.claim(f.symbol(), f.path().toString());
            out.append("/* ").append(f.path()).append(" */\n");
            out.append(decl(ret, f.symbol())).append('(').append(params.isEmpty() ? "void" : String.join(", ", params))
                    .append(");\n");
        }
    }
}
