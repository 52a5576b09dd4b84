package dev.race.steg.lang;

import dev.race.steg.compat.Boundaries;
import dev.race.steg.lang.Ast.*;
import dev.race.steg.model.*;

import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;

import java.math.BigInteger;
import java.util.*;

/**
 * One run of the compiler over several sources. Passes, in order: parse every source; read headers;
 * collect every crate's declarations into module scopes (so crates can name each other's items);
 * resolve alias targets silently (needed to see through aliases); resolve every item into the model,
 * reporting errors; then whole-program checks (alias cycles, by-value cycles).
 */
final class Compilation {
    private static final Object FAILED = new Object();
    /** The deepest nesting a source may have (docs/steg.md, "Limits"); see {@link #tooDeep}. */
    static final int MAX_NESTING = 256;

    private enum Kind { STRUCT, ENUM, TRAIT, FUNCTION, ALIAS }

    private record Decl(Kind kind, Path path, ItemNode node, Module module) {
    }

    /** A module's names: items, submodules and `use` bindings. */
    private static final class Module {
        final Path path;
        final Module parent;
        final Unit unit;
        final Map<String, Module> mods = new LinkedHashMap<>();
        final Map<String, Decl> items = new LinkedHashMap<>();
        final Map<String, UseN> uses = new LinkedHashMap<>();
        final Map<UseN, Object> useTargets = new IdentityHashMap<>();

        Module(Path path, Module parent, Unit unit) {
            this.path = path;
            this.parent = parent;
            this.unit = unit;
        }
    }

    private static final class Unit {
        final Reporter reporter;
        FileNode ast;
        boolean syntaxOk;
        String crateName;
        Version version;
        Module root;
        boolean analyze;
        /** The crate's default strategy ({@code #![repr(strategy = "..")]}), its version resolved; null for none. */
        Attributes.CrateDefault crateDefault;
        final List<Item> items = new ArrayList<>();

        Unit(Source source) {
            this.reporter = new Reporter(source);
        }

        /** A unit of a source parsed before (by {@link #parse(Source)}): its syntax errors are reported again. */
        Unit(ParsedSource parsed) {
            this.reporter = new Reporter(parsed.source());
            parsed.syntaxDiagnostics.forEach(reporter::add);
            this.ast = parsed.ast;
            this.syntaxOk = parsed.syntaxOk;
        }
    }

    private record Ctx(Unit unit, Module module, boolean allowSelf, boolean silent) {
        void error(Pos pos, String msg) {
            if (!silent) {
                unit.reporter.error(pos, msg);
            }
        }
    }

    private record Origin(Unit unit, Pos pos) {
    }

    private final List<Unit> units = new ArrayList<>();
    private final Map<String, Module> crateRoots = new LinkedHashMap<>();
    private final Map<Path, Type> aliasTargets = new HashMap<>();
    private final Map<Path, Item> global = new LinkedHashMap<>();
    private final Map<Path, Origin> origins = new HashMap<>();
    /** The position of each struct field's type ({@code path.field}) and variant field's ({@code path::V.field}). */
    private final Map<String, Origin> fieldOrigins = new HashMap<>();

    /** Where named layout strategies are looked up; asked for only when a source names one. */
    private final java.util.function.Supplier<StrategyCatalog> catalogs;
    private StrategyCatalog catalog;
    private boolean catalogAsked;

    Compilation(List<Source> sources) {
        this(sources, StrategyCatalog::discover);
    }

    Compilation(List<Source> sources, java.util.function.Supplier<StrategyCatalog> catalogs) {
        this.catalogs = catalogs;
        for (Source s : sources) {
            units.add(new Unit(s));
        }
    }

    /** A compilation of sources parsed before; {@code ignored} tells the constructors apart. */
    Compilation(List<ParsedSource> parsed, boolean ignored) {
        this.catalogs = StrategyCatalog::discover;
        for (ParsedSource p : parsed) {
            units.add(new Unit(p));
        }
    }

    /** Parses {@code source} alone: the first pass of {@link #run()}, kept for later compilations. */
    static ParsedSource parse(Source source) {
        Unit u = new Unit(source);
        parse(u);
        return new ParsedSource(source, u.ast, u.syntaxOk, u.reporter.diagnostics());
    }

    private StrategyCatalog catalog() {
        if (!catalogAsked) {
            catalogAsked = true;
            catalog = catalogs.get();
        }
        return catalog;
    }

    /**
     * The version to record for strategy {@code name} named at {@code pos}: the pinned {@code version} when there is
     * one, else the catalog's; -1 (and an error at {@code pos}) when a catalog is present and nobody provides the name.
     * Without a catalog (race-steg alone) the name cannot be checked and the pinned version (or 0) is recorded.
     */
    private int strategyVersion(String name, int version, Pos pos, Unit u) {
        StrategyCatalog cat = catalog();
        if (cat == null) return version;
        java.util.OptionalInt provided = cat.version(name);
        if (provided.isEmpty()) {
            u.reporter.error(pos, "no layout strategy named `" + name + "` is on the class path (crate `" + u.crateName
                    + "`; provided: " + String.join(", ", cat.names()) + "): " + cat.hint());
            return -1;
        }
        return version != 0 ? version : provided.getAsInt();
    }


    CompileResult run() {
        for (Unit u : units) {
            if (u.ast == null) {
                parse(u);
            }
        }
        for (Unit u : units) {
            header(u);
        }
        for (Unit u : units) {
            if (u.root != null) {
                collect(u, u.root, u.ast.items());
            }
        }
        for (Unit u : units) {
            if (u.root != null) {
                resolveAliases(u, u.root, u.ast.items());
            }
        }
        for (Unit u : units) {
            if (u.analyze) {
                resolveItems(u, u.root, u.ast.items());
            }
        }
        checkAliasCycles();
        checkValueCycles();
        checkSupertraitCycles();
        checkFrozenSupertraits();
        checkFrozenFields();
        List<Crate> crates = new ArrayList<>();
        List<Diagnostic> diags = new ArrayList<>();
        Map<Path, CompileResult.Location> declared = new HashMap<>();
        for (Unit u : units) {
            if (u.analyze && !u.reporter.hasErrors()) {
                try {
                    crates.add(new Crate(u.crateName, u.version, u.items));
                    for (Item it : u.items) {
                        Origin o = origins.get(it.path());
                        if (o != null) declared.put(it.path(), u.reporter.locate(o.pos()));
                    }
                } catch (IllegalArgumentException e) {
                    u.reporter.error(new Pos(1, 1), "internal compiler error: " + e.getMessage());
                }
            }
            List<Diagnostic> mine = new ArrayList<>(u.reporter.diagnostics());
            mine.sort(Comparator.comparingInt(Diagnostic::line).thenComparingInt(Diagnostic::column));
            diags.addAll(mine);
        }
        return new CompileResult(crates, diags, declared);
    }

    // ---- parsing -------------------------------------------------------------------------------------

    private static void parse(Unit u) {
        Reporter r = u.reporter;
        StegLexer lexer = new StegLexer(CharStreams.fromString(r.source().text(), r.source().name()));
        lexer.removeErrorListeners();
        lexer.addErrorListener(new SyntaxErrors.Listener(r));
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        for (Token t : tokens.getTokens()) {
            if (t.getChannel() == 2) {
                Pos p = new Pos(t.getLine(), t.getCharPositionInLine() + 1);
                switch (t.getType()) {
                    case StegLexer.UNTERMINATED_STRING -> r.error(p, "unterminated string literal");
                    case StegParser.UNTERMINATED_COMMENT -> r.error(p, "unterminated block comment");
                    default -> r.error(p, "unknown character `" + t.getText() + "`");
                }
            }
        }
        Token tooDeep = tooDeep(tokens.getTokens());
        if (tooDeep != null) {
            // Refused before the parser runs: the parser, the tree builder and every later pass recurse once per
            // level, and ANTLR's prediction costs grow with the depth, so a deep input would take minutes.
            r.error(new Pos(tooDeep.getLine(), tooDeep.getCharPositionInLine() + 1), "this nests more than "
                    + MAX_NESTING + " levels deep (brackets, braces and `&`, `*`, `->` types count); a .steg "
                    + "declaration may nest at most " + MAX_NESTING + " levels");
            u.syntaxOk = false;
            u.ast = new FileNode(null, new Pos(1, 1), List.of(), List.of());
            return;
        }
        // Two-stage parse: the fast SLL prediction with bail-out succeeds on nearly every valid file; only
        // when it fails is the file parsed again with full LL prediction and the error-reporting strategy,
        // which gives the same tree for valid input and the real diagnostics for invalid input.
        StegParser parser = new StegParser(tokens);
        parser.removeErrorListeners();
        parser.setErrorHandler(new BailErrorStrategy());
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        StegParser.FileContext tree;
        try {
            tree = parser.file();
        } catch (ParseCancellationException e) {
            tokens.seek(0);
            parser.reset();
            parser.addErrorListener(new SyntaxErrors.Listener(r));
            parser.setErrorHandler(new SyntaxErrors());
            parser.getInterpreter().setPredictionMode(PredictionMode.LL);
            tree = parser.file();
        }
        u.syntaxOk = !r.hasErrors();
        u.ast = AstBuilder.build(tree);
    }

    /**
     * The first token at which the nesting depth exceeds {@link #MAX_NESTING}, or null. The depth counts open
     * brackets ({@code ( [ { <}) and, within one bracket level, each prefix type operator ({@code & && * ->}) since
     * the last other token, so it bounds the depth of every type and module the parser could build. One pass over
     * the tokens, linear in the input.
     */
    static Token tooDeep(List<Token> tokens) {
        int[] runs = new int[MAX_NESTING + 2];
        int open = 0;
        int depth = 0;
        int run = 0;
        for (Token t : tokens) {
            if (t.getChannel() != Token.DEFAULT_CHANNEL) {
                continue;
            }
            switch (t.getType()) {
                case StegLexer.LPAREN, StegLexer.LBRACKET, StegLexer.LBRACE, StegLexer.LT -> {
                    runs[open++] = run;
                    depth += run + 1;
                    run = 0;
                }
                case StegLexer.RPAREN, StegLexer.RBRACKET, StegLexer.RBRACE, StegLexer.GT -> {
                    // the prefix operators before the bracket apply on after it: `-> fn() -> fn() -> u8` nests
                    run = 0;
                    if (open > 0) {
                        int before = runs[--open];
                        depth -= before + 1;
                        run = before;
                    }
                }
                case StegLexer.AMP, StegLexer.STAR, StegLexer.ARROW -> run++;
                case StegLexer.ANDAND -> run += 2;
                case StegLexer.MUT, StegLexer.CONST, StegLexer.LIFETIME, StegLexer.FN, StegLexer.EXTERN,
                        StegLexer.STRING -> {
                }
                default -> run = 0;
            }
            if (depth + run > MAX_NESTING) {
                return t;
            }
        }
        return null;
    }

    private void header(Unit u) {
        Header h = u.ast.header();
        Reporter r = u.reporter;
        if (h == null) {
            if (u.syntaxOk) {
                r.error(u.ast.firstTokenPos(), "missing crate header: a .steg file starts with `crate NAME VERSION;`");
            }
            return;
        }
        try {
            u.version = Version.parse(h.versionText());
        } catch (IllegalArgumentException e) {
            r.error(h.versionPos(), "bad version `" + h.versionText() + "`: " + e.getMessage());
        }
        if (crateRoots.containsKey(h.name())) {
            r.error(h.pos(), "crate `" + h.name() + "` is declared by two sources (also by "
                    + crateRoots.get(h.name()).unit.reporter.source().name() + ")");
            return;
        }
        u.crateName = h.name();
        u.root = new Module(Path.of(h.name()), null, u);
        crateRoots.put(h.name(), u.root);
        u.analyze = u.syntaxOk && u.version != null;
        Attributes.CrateDefault d = Attributes.checkCrate(u.ast.crateAttrs(), r);
        if (d != null) {
            int v = strategyVersion(d.strategy(), d.version(), d.pos(), u);
            if (v >= 0) u.crateDefault = new Attributes.CrateDefault(d.strategy(), v, d.pos());
        }
        if (u.version == null) {
            // still check the rest of the file, against a placeholder version
            u.version = Version.of(0, 0, 0);
            u.analyze = u.syntaxOk;
        }
    }

    // ---- declarations --------------------------------------------------------------------------------

    private void collect(Unit u, Module m, List<ItemNode> items) {
        boolean report = u.syntaxOk;
        for (ItemNode it : items) {
            String name = it.common().name();
            Pos pos = it.common().pos();
            if (it instanceof ModN mod) {
                    Module sub = m.mods.computeIfAbsent(name, n -> new Module(m.path.child(n), m, u));
                    collect(u, sub, mod.items());
                } else if (it instanceof UseN use) {
                    if (m.uses.containsKey(name) || m.items.containsKey(name)) {
                        if (report) {
                            u.reporter.error(pos, "duplicate item `" + name + "`: the name is already defined in this module");
                        }
                    } else {
                        m.uses.put(name, use);
                    }
                } else if (!(it instanceof ImplN)) {
                    Kind kind = it instanceof StructN ? Kind.STRUCT : it instanceof EnumN ? Kind.ENUM
                            : it instanceof TraitN ? Kind.TRAIT : it instanceof FnN ? Kind.FUNCTION : Kind.ALIAS;
                    Path p = m.path.child(name);
                    if (m.items.containsKey(name) || m.uses.containsKey(name)) {
                        if (report) {
                            u.reporter.error(pos, "duplicate item `" + p + "`: the name is already defined in this module");
                        }
                    } else {
                        m.items.put(name, new Decl(kind, p, it, m));
                    }
            }
        }
    }

    /** Resolves a path to a Decl or a Module, or returns FAILED after reporting (unless silent). */
    private Object lookup(PathNode p, Module m, Ctx c, String what, boolean allowUses) {
        List<String> segs = p.segments();
        Object cur;
        int i;
        String first = segs.get(0);
        if (p.global()) {
            cur = crateRoots.get(first);
            i = 1;
            if (cur == null) {
                c.error(p.pos(), "unknown crate `" + first + "` in `" + p.text() + "`");
                return FAILED;
            }
        } else if (first.equals("crate")) {
            cur = m.unit.root;
            i = 1;
        } else if (first.equals("self")) {
            cur = m;
            i = 1;
        } else if (first.equals("super")) {
            Module at = m;
            i = 0;
            while (i < segs.size() && segs.get(i).equals("super")) {
                at = at.parent;
                if (at == null) {
                    c.error(p.pos(), "too many leading `super` keywords in `" + p.text() + "`");
                    return FAILED;
                }
                i++;
            }
            cur = at;
        } else {
            boolean last = segs.size() == 1;
            cur = null;
            if (allowUses && m.uses.containsKey(first)) {
                cur = useTarget(m, m.uses.get(first), c);
                if (cur == FAILED) {
                    return FAILED;
                }
            } else if (last && m.items.containsKey(first)) {
                cur = m.items.get(first);
            } else if (m.mods.containsKey(first)) {
                cur = m.mods.get(first);
            } else if (m.items.containsKey(first)) {
                cur = m.items.get(first);
            } else if (crateRoots.containsKey(first)) {
                cur = crateRoots.get(first);
            }
            if (cur == null) {
                String hint = segs.size() > 1
                        ? ": no crate or module named `" + first + "` is in scope (if it is another crate, "
                                + "compile its .steg file together with this one)"
                        : "";
                c.error(p.pos(), what + " `" + p.text() + "`" + hint);
                return FAILED;
            }
            i = 1;
        }
        for (; i < segs.size(); i++) {
            String s = segs.get(i);
            if (!(cur instanceof Module mod)) {
                c.error(p.pos(), "`" + ((Decl) cur).path() + "` is not a module, in `" + p.text() + "`");
                return FAILED;
            }
            if (s.equals("crate") || s.equals("self") || s.equals("super")) {
                c.error(p.pos(), "`" + s + "` may only start a path, in `" + p.text() + "`");
                return FAILED;
            }
            boolean last = i == segs.size() - 1;
            Object next = last ? mod.items.get(s) : mod.mods.get(s);
            if (next == null) {
                next = last ? mod.mods.get(s) : mod.items.get(s);
            }
            if (next == null) {
                c.error(p.pos(), what + " `" + p.text() + "`");
                return FAILED;
            }
            cur = next;
        }
        return cur;
    }

    private Object useTarget(Module m, UseN use, Ctx c) {
        Object t = m.useTargets.get(use);
        if (t == null) {
            // resolved once, reported where the use is declared (resolveItems), silent here
            Ctx silent = new Ctx(m.unit, m, false, true);
            t = lookup(use.path(), m, silent, "unresolved import", false);
            m.useTargets.put(use, t);
        }
        return t;
    }

    private Decl lookupDecl(PathNode p, Ctx c, boolean wantTrait) {
        Object o = lookup(p, c.module(), c, wantTrait ? "unknown trait" : "unknown type", true);
        if (o == FAILED) {
            return null;
        }
        if (o instanceof Module mod) {
            c.error(p.pos(), "expected " + (wantTrait ? "a trait" : "a type") + ", found module `" + mod.path + "`");
            return null;
        }
        Decl d = (Decl) o;
        boolean isTrait = d.kind() == Kind.TRAIT;
        boolean isType = d.kind() == Kind.STRUCT || d.kind() == Kind.ENUM || d.kind() == Kind.ALIAS;
        if (wantTrait && !isTrait) {
            c.error(p.pos(), "expected a trait, found " + kindName(d.kind()) + " `" + d.path() + "`");
            return null;
        }
        if (!wantTrait && !isType) {
            c.error(p.pos(), "expected a type, found " + kindName(d.kind()) + " `" + d.path() + "`");
            return null;
        }
        return d;
    }

    private static String kindName(Kind k) {
        return switch (k) {
            case STRUCT -> "struct";
            case ENUM -> "enum";
            case TRAIT -> "trait";
            case FUNCTION -> "function";
            case ALIAS -> "type alias";
        };
    }

    // ---- types ---------------------------------------------------------------------------------------

    private Type resolveType(TypeNode n, Ctx c) {
        if (n instanceof UnitT u) {
                return Type.UNIT;
        }
        if (n instanceof NeverT v) {
                return Type.prim(PrimKind.NEVER);
        }
        if (n instanceof TupleT t) {
                List<Type> els = new ArrayList<>();
                boolean ok = true;
                for (TypeNode e : t.elements()) {
                    Type et = resolveType(e, c);
                    ok &= et != null && sized(et, e.pos(), c);
                    els.add(et);
                }
                return ok ? new Type.Tuple(els) : null;
        }
        if (n instanceof ArrayT a) {
                Type el = resolveType(a.element(), c);
                BigInteger len = AstBuilder.parseInt(a.lengthText());
                if (len == null || len.compareTo(BigInteger.valueOf(Long.MAX_VALUE)) > 0) {
                    c.error(a.lengthPos(), "array length `" + a.lengthText() + "` is too large");
                    return null;
                }
                if (el == null || !sized(el, a.element().pos(), c)) {
                    return null;
                }
                return new Type.Array(el, len.longValue());
        }
        if (n instanceof SliceT s) {
                Type el = resolveType(s.element(), c);
                return el != null && sized(el, s.element().pos(), c) ? new Type.Slice(el) : null;
        }
        if (n instanceof RefT r) {
                Type t = resolveType(r.target(), c);
                return t == null ? null : new Type.Ref(r.mutable(), t);
        }
        if (n instanceof PtrT p) {
                Type t = resolveType(p.target(), c);
                return t == null ? null : new Type.RawPtr(p.mutable(), t);
        }
        if (n instanceof FnT f) {
                String abi = "Rust";
                if (f.abi() != null) {
                    if (!f.abi().equals("C") && !f.abi().equals("Rust")) {
                        c.error(f.pos(), "unsupported ABI `\"" + f.abi() + "\"`: only \"C\" and \"Rust\" are supported");
                        return null;
                    }
                    abi = f.abi();
                }
                List<Type> ps = new ArrayList<>();
                boolean ok = true;
                for (TypeNode p : f.params()) {
                    Type t = resolveType(p, c);
                    ok &= t != null;
                    ps.add(t);
                }
                Type ret = f.ret() == null ? Type.UNIT : resolveType(f.ret(), c);
                return ok && ret != null ? new Type.FnPtr(abi, ps, ret) : null;
        }
        if (n instanceof DynT d) {
                Decl t = lookupDecl(d.trait(), c, true);
                return t == null ? null : new Type.Dyn(t.path());
        }
        if (n instanceof SelfT s) {
                if (!c.allowSelf()) {
                    c.error(s.pos(), "`Self` is only allowed inside a trait");
                    return null;
                }
                return Type.SELF;
        }
        return resolvePathType((PathT) n, c);
    }

    private Type resolvePathType(PathT p, Ctx c) {
        PathNode path = p.path();
        if (!path.global() && path.segments().size() == 1) {
            String name = path.segments().get(0);
            PrimKind prim = PrimKind.byRustName(name);
            if (prim != null || name.equals("str")) {
                if (p.args() != null) {
                    c.error(p.pos(), "`" + name + "` takes no generic arguments");
                    return null;
                }
                return prim != null ? Type.prim(prim) : Type.STR;
            }
            if (name.equals("Box") || name.equals("Option")) {
                if (p.args() == null || p.args().size() != 1) {
                    c.error(p.pos(), "`" + name + "` takes exactly one type argument: `" + name + "<T>`");
                    return null;
                }
                Type inner = resolveType(p.args().get(0), c);
                if (inner == null) {
                    return null;
                }
                if (name.equals("Box")) {
                    return new Type.BoxOf(inner);
                }
                return sized(inner, p.args().get(0).pos(), c) ? new Type.OptionOf(inner) : null;
            }
        }
        if (p.args() != null) {
            c.error(p.pos(), "generic types are not supported: `" + path.text() + "<..>` (only `Box<T>` and `Option<T>`)");
            return null;
        }
        Decl d = lookupDecl(path, c, false);
        return d == null ? null : new Type.Named(d.path());
    }

    /** Reports and returns false when {@code t} is unsized (str, [T], dyn Trait, or an alias of one). */
    private boolean sized(Type t, Pos pos, Ctx c) {
        if (isUnsized(t, new HashSet<>())) {
            c.error(pos, "`" + StegPrinter.canonicalTypeText(t) + "` is unsized and can only be used behind a "
                    + "pointer (`&`, `*const`, `Box`), not by value");
            return false;
        }
        return true;
    }

    private boolean isUnsized(Type t, Set<Path> seen) {
        if (t instanceof Type.Str || t instanceof Type.Slice || t instanceof Type.Dyn) {
            return true;
        }
        if (t instanceof Type.Named n) {
            Type target = aliasTargets.get(n.path());
            return target != null && seen.add(n.path()) && isUnsized(target, seen);
        }
        return false;
    }

    // ---- items ---------------------------------------------------------------------------------------

    private void resolveAliases(Unit u, Module m, List<ItemNode> items) {
        for (ItemNode it : items) {
            if (it instanceof AliasN a && m.items.get(a.common().name()) != null
                    && m.items.get(a.common().name()).node() == a) {
                Type t = resolveType(a.target(), new Ctx(u, m, false, true));
                if (t != null) {
                    aliasTargets.put(m.path.child(a.common().name()), t);
                }
            } else if (it instanceof ModN mod) {
                resolveAliases(u, m.mods.get(mod.common().name()), mod.items());
            }
        }
    }

    private void resolveItems(Unit u, Module m, List<ItemNode> items) {
        Reporter r = u.reporter;
        Ctx c = new Ctx(u, m, false, false);
        for (ItemNode it : items) {
            Common com = it.common();
            if (com.genericsPos() != null) {
                r.error(com.genericsPos(), "generic items are not supported");
            }
            if (it instanceof ModN mod) {
                    misplaced(com.attrs(), Attributes.Target.MODULE, r);
                    resolveItems(u, m.mods.get(com.name()), mod.items());
            } else if (it instanceof UseN use) {
                    misplaced(com.attrs(), Attributes.Target.USE, r);
                    if (m.uses.get(com.name()) == use) {
                        m.useTargets.remove(use);
                        Object t = lookup(use.path(), m, c, "unresolved import", false);
                        m.useTargets.put(use, t);
                    }
            } else if (it instanceof ImplN impl) {
                resolveImpl(u, m, impl, c);
            } else {
                    Decl d = m.items.get(com.name());
                    if (d == null || d.node() != it) {
                        continue; // a duplicate, already reported
                    }
                    Item item = null;
                    if (it instanceof StructN s) {
                        item = resolveStruct(d.path(), s, c);
                    } else if (it instanceof EnumN e) {
                        item = resolveEnum(d.path(), e, c);
                    } else if (it instanceof TraitN t) {
                        item = resolveTrait(d.path(), t, c);
                    } else if (it instanceof FnN f) {
                        item = resolveFn(d.path(), f, c);
                    } else if (it instanceof AliasN a) {
                        item = resolveAlias(d.path(), a, c);
                    }
                    if (item != null) {
                        u.items.add(item);
                        global.put(item.path(), item);
                        origins.put(item.path(), new Origin(u, com.pos()));
                    }
            }
        }
    }

    private static void misplaced(List<AttrNode> attrs, Attributes.Target target, Reporter r) {
        Attributes.check(attrs, target, 0, r);
    }

    private List<Field> fields(List<FieldNode> nodes, Ctx c, boolean inVariant) {
        List<Field> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        boolean ok = true;
        for (FieldNode f : nodes) {
            misplaced(f.attrs(), Attributes.Target.FIELD, c.unit().reporter);
            if (!names.add(f.name())) {
                c.error(f.pos(), "duplicate field `" + f.name() + "`");
                ok = false;
            }
            Visibility vis = f.visibility();
            if (inVariant) {
                if (f.visPos() != null) {
                    c.error(f.visPos(), "visibility is not allowed on enum variant fields (they are as visible as the enum)");
                }
                vis = Visibility.PUBLIC;
            }
            Type t = resolveType(f.type(), c);
            if (t == null || !sized(t, f.type().pos(), c)) {
                ok = false;
                continue;
            }
            BigInteger dflt = null;
            if (f.dflt() != null && inVariant) {
                c.error(f.dflt().pos(), "default of field `" + f.name()
                        + "`: defaults are allowed on struct fields only, found one on an enum variant field");
                ok = false;
                continue;
            }
            if (f.dflt() != null) {
                dflt = fieldDefault(f, t, c);
                if (dflt == null) {
                    ok = false;
                    continue;
                }
            }
            out.add(new Field(f.name(), vis, t, dflt));
        }
        return ok ? out : null;
    }

    /**
     * The value of a field's default, or null after reporting why it does not fit the field's type: integer
     * fields take an integer literal in the type's range ({@code usize}/{@code isize} are 64-bit, the width on
     * every supported target), {@code bool} fields take {@code true} or {@code false}; no other type has defaults.
     */
    private static BigInteger fieldDefault(FieldNode f, Type t, Ctx c) {
        DefaultNode d = f.dflt();
        String found = d.word() != null ? "`" + d.word() + "`" : "`" + d.value() + "`";
        if (!(t instanceof Type.Prim p) || !(p.kind().isInteger() || p.kind() == PrimKind.BOOL)) {
            c.error(d.pos(), "field `" + f.name() + "` of type `" + TypeText.of(t)
                    + "` cannot have a default: expected an integer or bool field, found a default " + found);
            return null;
        }
        if (p.kind() == PrimKind.BOOL) {
            if ("true".equals(d.word())) {
                return BigInteger.ONE;
            }
            if ("false".equals(d.word())) {
                return BigInteger.ZERO;
            }
            c.error(d.pos(), "default of field `" + f.name() + "`: expected `true` or `false` for a `bool`, found " + found);
            return null;
        }
        if (d.value() == null) {
            c.error(d.pos(), "default of field `" + f.name() + "`: expected an integer literal for a `"
                    + p.kind().rustName() + "`, found " + found);
            return null;
        }
        int bits = switch (p.kind()) {
            case U8, I8 -> 8;
            case U16, I16 -> 16;
            case U32, I32 -> 32;
            case U64, I64, USIZE, ISIZE -> 64;
            default -> 128;
        };
        BigInteger min = p.kind().isSigned() ? BigInteger.ONE.shiftLeft(bits - 1).negate() : BigInteger.ZERO;
        BigInteger max = (p.kind().isSigned() ? BigInteger.ONE.shiftLeft(bits - 1) : BigInteger.ONE.shiftLeft(bits))
                .subtract(BigInteger.ONE);
        if (d.value().compareTo(min) < 0 || d.value().compareTo(max) > 0) {
            c.error(d.pos(), "default of field `" + f.name() + "` does not fit its type: expected a `"
                    + p.kind().rustName() + "` in " + min + "..=" + max + ", found " + found);
            return null;
        }
        return d.value();
    }

    private Item resolveStruct(Path path, StructN s, Ctx c) {
        Attributes.Info info = Attributes.check(s.common().attrs(), Attributes.Target.STRUCT, s.fields().size(),
                c.unit().reporter);
        List<Field> fs = fields(s.fields(), c, false);
        if (fs == null) {
            return null;
        }
        for (FieldNode f : s.fields()) fieldOrigins.putIfAbsent(path + "." + f.name(), new Origin(c.unit(), f.type().pos()));
        Repr repr = info.repr();
        if (repr.kind() == Repr.Kind.STRATEGY) {
            int v = strategyVersion(repr.strategy(), repr.strategyVersion(), info.strategyPos(), c.unit());
            if (v < 0) return null;
            repr = repr.withStrategyVersion(v);
        } else if (repr.kind() == Repr.Kind.RUST && c.unit().crateDefault != null) {
            // the crate's default strategy, for a struct with no layout repr of its own (packed/align are kept)
            Attributes.CrateDefault d = c.unit().crateDefault;
            repr = Repr.strategy(d.strategy(), d.version(), repr.packed(), repr.align());
        }
        return new Item.Struct(path, s.common().visibility(), repr, info.frozen(), info.nonExhaustive(),
                s.shape(), fs, info.drop());
    }

    private Item resolveEnum(Path path, EnumN e, Ctx c) {
        Attributes.Info info = Attributes.check(e.common().attrs(), Attributes.Target.ENUM, 0, c.unit().reporter);
        List<Variant> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Map<BigInteger, String> values = new HashMap<>();
        BigInteger next = BigInteger.ZERO;
        boolean ok = true;
        for (VariantNode v : e.variants()) {
            misplaced(v.attrs(), Attributes.Target.VARIANT, c.unit().reporter);
            if (!names.add(v.name())) {
                c.error(v.pos(), "duplicate variant `" + v.name() + "`");
                ok = false;
            }
            BigInteger value = v.discriminant() != null ? v.discriminant() : next;
            Pos vp = v.discPos() != null ? v.discPos() : v.pos();
            String prev = values.putIfAbsent(value, v.name());
            if (prev != null) {
                c.error(vp, "discriminant value `" + value + "` assigned more than once (also `" + prev + "`)");
                ok = false;
            }
            PrimKind it = info.repr().intType();
            if (it != null && !fits(value, it)) {
                c.error(vp, "discriminant value `" + value + "` does not fit in `" + it.rustName() + "`");
                ok = false;
            }
            next = value.add(BigInteger.ONE);
            List<Field> fs = fields(v.fields(), c, true);
            if (fs == null) {
                ok = false;
                continue;
            }
            for (FieldNode f : v.fields()) {
                fieldOrigins.putIfAbsent(path + "::" + v.name() + "." + f.name(), new Origin(c.unit(), f.type().pos()));
            }
            out.add(new Variant(v.name(), v.shape(), fs, v.discriminant()));
        }
        return ok ? new Item.Enum(path, e.common().visibility(), info.repr(), info.frozen(), info.nonExhaustive(), out,
                info.drop()) : null;
    }

    private static boolean fits(BigInteger v, PrimKind k) {
        int bits = switch (k) {
            case U8, I8 -> 8;
            case U16, I16 -> 16;
            case U32, I32 -> 32;
            case U128, I128 -> 128;
            default -> 64; // 64-bit integers and usize/isize (RACE targets are 64-bit)
        };
        if (k.isSigned()) {
            return v.bitLength() < bits;
        }
        return v.signum() >= 0 && v.bitLength() <= bits;
    }

    private FnSig signature(List<ParamNode> params, TypeNode retNode, List<EffectNode> effects, String abi, Ctx c) {
        boolean ok = true;
        Set<String> names = new HashSet<>();
        List<Param> ps = new ArrayList<>();
        for (ParamNode p : params) {
            if (!p.name().equals("_") && !names.add(p.name())) {
                c.error(p.pos(), "duplicate parameter `" + p.name() + "`");
                ok = false;
            }
            Type t = resolveType(p.type(), c);
            if (t == null || !sized(t, p.type().pos(), c)) {
                ok = false;
                continue;
            }
            ps.add(new Param(p.name(), t));
        }
        Type ret = Type.UNIT;
        if (retNode != null) {
            ret = resolveType(retNode, c);
            ok &= ret != null && sized(ret, retNode.pos(), c);
        }
        SortedSet<String> eff = new TreeSet<>();
        for (EffectNode e : effects) {
            if (!eff.add(e.name())) {
                c.unit().reporter.warning(e.pos(), "duplicate effect `" + e.name() + "`");
            }
        }
        return ok ? new FnSig(abi, ps, ret, eff) : null;
    }

    private Item resolveTrait(Path path, TraitN t, Ctx outer) {
        Attributes.Info info = Attributes.check(t.common().attrs(), Attributes.Target.TRAIT, 0, outer.unit().reporter);
        Ctx c = new Ctx(outer.unit(), outer.module(), true, false);
        List<TraitMethod> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        boolean ok = true;
        List<Path> supers = new ArrayList<>();
        List<Pos> superPos = new ArrayList<>();
        for (PathNode sp : t.supertraits()) {
            Decl d = lookupDecl(sp, outer, true);
            if (d == null) {
                ok = false;
            } else if (d.path().equals(path)) {
                c.error(sp.pos(), "cycle in the supertraits of trait `" + path + "`: it names itself (`" + path
                        + "` -> `" + path + "`)");
                ok = false;
            } else if (supers.contains(d.path())) {
                c.error(sp.pos(), "supertrait `" + d.path() + "` of trait `" + path + "` is named twice");
                ok = false;
            } else {
                supers.add(d.path());
                superPos.add(sp.pos());
            }
        }
        for (MethodNode m : t.methods()) {
            misplaced(m.attrs(), Attributes.Target.TRAIT_METHOD, c.unit().reporter);
            if (m.genericsPos() != null) {
                c.error(m.genericsPos(), "generic items are not supported");
            }
            if (!names.add(m.name())) {
                c.error(m.pos(), "duplicate method `" + m.name() + "`");
                ok = false;
            }
            FnSig sig = signature(m.params(), m.ret(), m.effects(), "Rust", c);
            if (sig == null) {
                ok = false;
                continue;
            }
            out.add(new TraitMethod(m.name(), sig, m.defaultSymbol()));
        }
        if (!ok) {
            return null;
        }
        supertraitOrigins.put(path, superPos);
        return new Item.Trait(path, t.common().visibility(), info.frozen(), supers, out);
    }

    private Item resolveFn(Path path, FnN f, Ctx c) {
        Attributes.Info info = Attributes.check(f.common().attrs(), Attributes.Target.FUNCTION, 0, c.unit().reporter);
        boolean external = f.externAbi() != null;
        if (external && !f.externAbi().equals("C")) {
            c.error(f.abiPos(), "unsupported ABI `\"" + f.externAbi() + "\"` for an extern function: only \"C\" is supported");
            return null;
        }
        FnSig sig = signature(f.params(), f.ret(), f.effects(), external ? "C" : "Rust", c);
        if (sig == null) {
            return null;
        }
        String symbol = info.symbol() != null ? info.symbol() : f.common().name();
        return new Item.Function(path, f.common().visibility(), symbol, external, sig);
    }

    private Item resolveAlias(Path path, AliasN a, Ctx c) {
        Attributes.check(a.common().attrs(), Attributes.Target.ALIAS, 0, c.unit().reporter);
        Type t = resolveType(a.target(), c);
        return t == null ? null : new Item.TypeAlias(path, a.common().visibility(), t);
    }

    private void resolveImpl(Unit u, Module m, ImplN impl, Ctx c) {
        Reporter r = u.reporter;
        misplaced(impl.common().attrs(), Attributes.Target.IMPL, r);
        if (impl.common().visPos() != null) {
            r.error(impl.common().visPos(), "visibility is not allowed on an impl (its methods are as visible as the trait)");
        }
        Decl trait = lookupDecl(impl.trait(), c, true);
        Type forType = resolveType(impl.forType(), c);
        Set<String> traitMethods = null;
        if (trait != null && trait.node() instanceof TraitN tn) {
            traitMethods = new HashSet<>();
            for (MethodNode mn : tn.methods()) {
                traitMethods.add(mn.name());
            }
        }
        List<ImplMethod> methods = new ArrayList<>();
        Set<String> names = new HashSet<>();
        boolean ok = trait != null && forType != null;
        for (ImplMethodNode mn : impl.methods()) {
            misplaced(mn.attrs(), Attributes.Target.IMPL_METHOD, r);
            if (!names.add(mn.name())) {
                r.error(mn.pos(), "duplicate method `" + mn.name() + "`");
                ok = false;
            }
            if (traitMethods != null && !traitMethods.contains(mn.name())) {
                r.error(mn.pos(), "method `" + mn.name() + "` is not a member of trait `" + trait.path() + "`");
                ok = false;
            }
            methods.add(new ImplMethod(mn.name(), mn.symbol()));
        }
        if (!ok) {
            return;
        }
        Path path = Item.Impl.pathFor(m.path, trait.path(), StegPrinter.canonicalTypeText(forType));
        if (global.containsKey(path)) {
            r.error(impl.common().pos(), "conflicting implementations of trait `" + trait.path() + "` for type `"
                    + StegPrinter.canonicalTypeText(forType) + "`");
            return;
        }
        Item.Impl item = new Item.Impl(path, trait.path(), forType, methods);
        u.items.add(item);
        global.put(path, item);
        origins.put(path, new Origin(u, impl.common().pos()));
    }

    // ---- whole-program checks ------------------------------------------------------------------------

    private final Set<Path> aliasesInCycles = new HashSet<>();

    private void checkAliasCycles() {
        Map<Path, List<Path>> edges = new LinkedHashMap<>();
        for (Item it : global.values()) {
            if (it instanceof Item.TypeAlias a) {
                List<Path> out = new ArrayList<>();
                namedAnywhere(a.target(), out);
                out.removeIf(p -> !(global.get(p) instanceof Item.TypeAlias));
                edges.put(a.path(), out);
            }
        }
        for (List<Path> scc : sccs(edges)) {
            Path first = scc.get(0);
            if (scc.size() > 1 || edges.get(first).contains(first)) {
                aliasesInCycles.addAll(scc);
                Origin o = origins.get(first);
                o.unit().reporter.error(o.pos(), "cycle in type alias `" + first + "`: "
                        + cycleText(scc));
            }
        }
    }

    private void checkValueCycles() {
        Map<Path, List<Path>> edges = new LinkedHashMap<>();
        for (Item it : global.values()) {
            List<Path> out = new ArrayList<>();
            if (it instanceof Item.Struct s) {
                s.fields().forEach(f -> byValue(f.type(), out));
            } else if (it instanceof Item.Enum e) {
                e.variants().forEach(v -> v.fields().forEach(f -> byValue(f.type(), out)));
            } else if (it instanceof Item.TypeAlias a && !aliasesInCycles.contains(a.path())) {
                byValue(a.target(), out);
            } else {
                continue;
            }
            edges.put(it.path(), out);
        }
        for (Map.Entry<Path, List<Path>> e : edges.entrySet()) {
            e.getValue().removeIf(p -> !edges.containsKey(p));
        }
        for (List<Path> scc : sccs(edges)) {
            Path first = scc.stream().filter(p -> !(global.get(p) instanceof Item.TypeAlias)).findFirst()
                    .orElse(scc.get(0));
            if (scc.size() > 1 || edges.get(first).contains(first)) {
                Origin o = origins.get(first);
                o.unit().reporter.error(o.pos(), "recursive type `" + first + "` has infinite size: it contains "
                        + "itself by value (" + cycleText(scc) + "); put it behind `Box`, `&` or a pointer");
            }
        }
    }

    /**
     * A {@code #[frozen]} trait fixes its slots, which come after its supertraits' methods: so each supertrait must be
     * frozen too, or a method added to it would move every slot of the frozen trait.
     */
    private void checkFrozenSupertraits() {
        for (Item it : global.values()) {
            if (!(it instanceof Item.Trait t) || !t.frozen()) {
                continue;
            }
            List<Pos> where = supertraitOrigins.get(t.path());
            for (int i = 0; i < t.supertraits().size(); i++) {
                Path sp = t.supertraits().get(i);
                if (global.get(sp) instanceof Item.Trait st && !st.frozen()) {
                    Origin o = origins.get(t.path());
                    Pos pos = where != null && i < where.size() ? where.get(i) : o.pos();
                    o.unit().reporter.error(pos, "supertrait `" + sp + "` of #[frozen] trait `" + t.path()
                            + "` is not #[frozen]: a frozen trait's slots follow its supertraits' methods, so a method "
                            + "added to `" + sp + "` would move them; mark `" + sp + "` #[frozen] too");
                }
            }
        }
    }

    /** Where each supertrait of each resolved trait was written, in the order of {@link Item.Trait#supertraits()}. */
    private final Map<Path, List<Pos>> supertraitOrigins = new HashMap<>();

    /**
     * A trait may not be its own supertrait through others ({@code trait A: B} and {@code trait B: A}): its vtable
     * would have to contain itself. Each cycle is reported once, at the first trait of the cycle in declaration
     * order, with the caret at the supertrait that leads into the cycle. (A trait naming itself is reported while
     * it is resolved.)
     */
    private void checkSupertraitCycles() {
        Map<Path, List<Path>> edges = new LinkedHashMap<>();
        for (Item it : global.values()) {
            if (it instanceof Item.Trait t) {
                edges.put(t.path(), new ArrayList<>(t.supertraits()));
            }
        }
        for (Map.Entry<Path, List<Path>> e : edges.entrySet()) {
            e.getValue().removeIf(p -> !edges.containsKey(p));
        }
        for (List<Path> scc : sccs(edges)) {
            if (scc.size() < 2) {
                continue;
            }
            Path first = scc.get(0);
            Item.Trait t = (Item.Trait) global.get(first);
            // The shortest way from `first` back to itself inside the component: the cycle as written.
            Set<Path> inScc = new HashSet<>(scc);
            Map<Path, Path> cameFrom = new HashMap<>();
            Deque<Path> queue = new ArrayDeque<>();
            queue.add(first);
            Path last = null;
            while (!queue.isEmpty() && last == null) {
                Path at = queue.poll();
                for (Path s : edges.get(at)) {
                    if (s.equals(first)) {
                        last = at;
                        break;
                    }
                    if (inScc.contains(s) && !cameFrom.containsKey(s)) {
                        cameFrom.put(s, at);
                        queue.add(s);
                    }
                }
            }
            List<Path> cycle = new ArrayList<>();
            for (Path p = last; p != null && !p.equals(first); p = cameFrom.get(p)) {
                cycle.add(0, p);
            }
            cycle.add(0, first);
            Path into = cycle.size() > 1 ? cycle.get(1) : first;
            int index = t.supertraits().indexOf(into);
            Origin o = origins.get(first);
            List<Pos> where = supertraitOrigins.get(first);
            Pos pos = where != null && index >= 0 && index < where.size() ? where.get(index) : o.pos();
            o.unit().reporter.error(pos, "cycle in the supertraits of trait `" + first + "`: " + cycleText(cycle)
                    + "; a trait cannot be its own supertrait");
        }
    }

    /**
     * A {@code #[frozen]} struct or enum holds by value only primitives, pointers and frozen types (through arrays,
     * tuples, Option and aliases): a frozen layout is a promise that cannot rest on a resilient type's.
     */
    private void checkFrozenFields() {
        for (Item it : global.values()) {
            if (it instanceof Item.Struct s && s.frozen()) {
                for (Field f : s.fields()) frozenField("struct", s.path(), f, s.path() + "." + f.name());
            } else if (it instanceof Item.Enum e && e.frozen()) {
                for (Variant v : e.variants()) {
                    for (Field f : v.fields()) frozenField("enum", e.path(), f, e.path() + "::" + v.name() + "." + f.name());
                }
            }
        }
    }

    private void frozenField(String kind, Path owner, Field f, String key) {
        // An alias in a cycle is left alone: checkAliasCycles reported it.
        Path r = Boundaries.resilientByValue(f.type(), p -> aliasesInCycles.contains(p) ? null : global.get(p));
        Origin o = fieldOrigins.getOrDefault(key, origins.get(owner));
        if (r == null || o == null || !o.unit().analyze) {
            return;
        }
        String name = key.substring(owner.toString().length() + (key.charAt(owner.toString().length()) == '.' ? 1 : 2));
        o.unit().reporter.error(o.pos(), "frozen " + kind + " `" + owner + "` holds `" + r + "` by value in field `"
                + name + "`, but `" + r + "` is not #[frozen]: a frozen layout may rest only on primitives, pointers "
                + "and #[frozen] types; mark `" + r + "` #[frozen] or hold it behind a pointer");
    }

    private static String cycleText(List<Path> scc) {
        StringBuilder b = new StringBuilder();
        for (Path p : scc) {
            b.append('`').append(p).append("` -> ");
        }
        return b.append('`').append(scc.get(0)).append('`').toString();
    }

    private static void namedAnywhere(Type t, List<Path> out) {
        if (t instanceof Type.Named n) {
            out.add(n.path());
        } else if (t instanceof Type.Array a) {
            namedAnywhere(a.element(), out);
        } else if (t instanceof Type.Tuple tu) {
            tu.elements().forEach(e -> namedAnywhere(e, out));
        } else if (t instanceof Type.Ref r) {
            namedAnywhere(r.target(), out);
        } else if (t instanceof Type.RawPtr p) {
            namedAnywhere(p.target(), out);
        } else if (t instanceof Type.BoxOf b) {
            namedAnywhere(b.target(), out);
        } else if (t instanceof Type.Slice s) {
            namedAnywhere(s.element(), out);
        } else if (t instanceof Type.OptionOf o) {
            namedAnywhere(o.inner(), out);
        } else if (t instanceof Type.FnPtr f) {
            f.params().forEach(p -> namedAnywhere(p, out));
            namedAnywhere(f.ret(), out);
        }
    }

    /** The named types a value of {@code t} contains inline (not behind a pointer). */
    private static void byValue(Type t, List<Path> out) {
        if (t instanceof Type.Named n) {
            out.add(n.path());
        } else if (t instanceof Type.Array a) {
            byValue(a.element(), out);
        } else if (t instanceof Type.Tuple tu) {
            tu.elements().forEach(e -> byValue(e, out));
        } else if (t instanceof Type.OptionOf o) {
            byValue(o.inner(), out);
        }
    }

    /** Tarjan's strongly connected components; each component lists its nodes in insertion order. */
    private static List<List<Path>> sccs(Map<Path, List<Path>> edges) {
        Map<Path, Integer> index = new HashMap<>();
        Map<Path, Integer> low = new HashMap<>();
        Deque<Path> stack = new ArrayDeque<>();
        Set<Path> onStack = new HashSet<>();
        List<List<Path>> result = new ArrayList<>();
        List<Path> order = new ArrayList<>(edges.keySet());
        for (Path start : order) {
            if (!index.containsKey(start)) {
                strongConnect(start, edges, index, low, stack, onStack, result);
            }
        }
        for (List<Path> scc : result) {
            scc.sort(Comparator.comparingInt(order::indexOf));
        }
        return result;
    }

    private static void strongConnect(Path v, Map<Path, List<Path>> edges, Map<Path, Integer> index,
                                      Map<Path, Integer> low, Deque<Path> stack, Set<Path> onStack,
                                      List<List<Path>> result) {
        int i = index.size();
        index.put(v, i);
        low.put(v, i);
        stack.push(v);
        onStack.add(v);
        for (Path w : edges.getOrDefault(v, List.of())) {
            if (!index.containsKey(w)) {
                strongConnect(w, edges, index, low, stack, onStack, result);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            List<Path> scc = new ArrayList<>();
            Path w;
            do {
                w = stack.pop();
                onStack.remove(w);
                scc.add(w);
            } while (!w.equals(v));
            result.add(scc);
        }
    }
}
