package dev.race.link.contract;

import dev.race.format.marker.Marker;
import dev.race.format.marker.Markers;
import dev.race.format.pack.Sites;
import dev.race.format.rcrate.RcrateFile;
import dev.race.layout.FieldLayout;
import dev.race.layout.LayoutException;
import dev.race.layout.LayoutSolver;
import dev.race.layout.TagLayout;
import dev.race.layout.TargetSpec;
import dev.race.layout.TypeLayout;
import dev.race.layout.VariantLayout;
import dev.race.link.api.Diagnostic;
import dev.race.link.api.DiagnosticCode;
import dev.race.link.api.SemverMode;
import dev.race.link.pipeline.InputCrate;
import dev.race.steg.compat.Boundaries;
import dev.race.steg.compat.Compatibility;
import dev.race.steg.compat.Mismatch;
import dev.race.steg.compat.Mismatch.Kind;
import dev.race.steg.model.Crate;
import dev.race.steg.model.Field;
import dev.race.steg.model.Item;
import dev.race.steg.model.Path;
import dev.race.steg.model.TraitMethod;
import dev.race.steg.model.TypeText;
import dev.race.steg.model.Type;
import dev.race.steg.model.Variant;
import dev.race.steg.model.Version;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Checks every import view of every input against the input that exports that crate (DESIGN.md, "Contracts
 * checked at link time"): the exporter exists, the model rules of {@link Compatibility} hold, every type the view
 * saw {@code #[frozen]} has the same solved layout, and the versions agree with the {@link SemverMode}.
 *
 * <p>Every diagnostic's message is one line naming the importer and exporter ({@code name@version (file)}), the
 * item and what was expected and found; its details repeat expected and found and list every code location of the
 * importer that depends on the item or on an item of the importer's that embeds it by value. The rules and the
 * exact wording are in {@code docs/contracts.md}.
 */
public final class ContractChecker {
    private final List<InputCrate> inputs;
    private final SemverMode mode;
    private final TargetSpec target;
    private final List<Diagnostic> out = new ArrayList<>();
    private final Map<String, InputCrate> exporters = new LinkedHashMap<>();
    private LayoutSolver exportSolver;
    /** Called between units of work (an importer, a view, a rule, an item); it stops the check by throwing. */
    private final Runnable checkpoint;

    private ContractChecker(List<InputCrate> inputs, SemverMode mode, TargetSpec target, Runnable checkpoint) {
        this.inputs = List.copyOf(inputs);
        this.mode = mode;
        this.target = target;
        this.checkpoint = Objects.requireNonNull(checkpoint, "checkpoint");
    }

    /** All contract diagnostics of the link, in a deterministic order (errors and warnings). */
    public static List<Diagnostic> check(List<InputCrate> inputs, SemverMode mode, TargetSpec target) {
        return check(inputs, mode, target, () -> { });
    }

    /**
     * {@link #check(List, SemverMode, TargetSpec)} that calls {@code checkpoint} before each importer, each import
     * view, each rule of a view and each item a rule walks: a caller that wants to stop a long check (a cancelled
     * link) throws from it, and the exception leaves this method. The checker itself knows nothing of links or
     * cancellation; the link pipeline passes its cancellation check.
     */
    public static List<Diagnostic> check(List<InputCrate> inputs, SemverMode mode, TargetSpec target,
                                         Runnable checkpoint) {
        ContractChecker c = new ContractChecker(inputs, mode, target, checkpoint);
        c.run();
        return List.copyOf(c.out);
    }

    private void run() {
        for (InputCrate in : inputs) {
            InputCrate first = exporters.putIfAbsent(in.file().crate().name(), in);
            if (first != null) {
                out.add(Diagnostic.error("crate " + in.file().crate().name() + " is given twice: " + first.crateId()
                        + " (" + first.name() + ") and " + in.crateId() + " (" + in.name() + ")",
                        List.of("a link holds one version of each crate; " + in.name() + " is ignored")));
            }
        }
        for (InputCrate importer : inputs) {
            checkpoint.run();
            if (exporters.get(importer.file().crate().name()) != importer) {
                continue;
            }
            ownBoundaries(importer);
            Importer imp = new Importer(importer);
            for (Crate view : importer.file().imports()) {
                checkpoint.run();
                if (!view.name().equals(importer.file().crate().name())) {
                    checkView(imp, view);
                }
            }
        }
    }

    private void checkView(Importer imp, Crate view) {
        String head = imp.input.crateId() + " (" + imp.input.name() + ") imports " + view.name() + "@" + view.version();
        InputCrate exporter = exporters.get(view.name());
        if (exporter == null) {
            List<String> details = new ArrayList<>();
            StringJoiner given = new StringJoiner(", ");
            for (InputCrate in : exporters.values()) given.add(in.crateId() + " (" + in.name() + ")");
            details.add("expected: an input whose crate is " + view.name());
            details.add("found: " + given);
            Set<String> sites = new LinkedHashSet<>();
            for (Item it : view.items()) sites.addAll(imp.sites(it.path(), view));
            sites.forEach(s -> details.add("used at " + s));
            out.add(Diagnostic.error(DiagnosticCode.MISSING_CRATE, head + " but no input exports crate " + view.name(), details)
                    .withContract(facts(imp.input, null, view.name(), "", "an input whose crate is " + view.name(),
                            given.toString(), List.copyOf(sites))));
            out.addAll(viewBoundaries(imp, view, head));
            return;
        }
        Crate export = exporter.file().crate();
        String prefix = head + " but " + exporter.crateId() + " (" + exporter.name() + ")";
        boolean compatible = true;
        List<Diagnostic> found = new ArrayList<>(viewBoundaries(imp, view, head));
        for (Finding f : findings(imp, view, export, prefix, found)) {
            checkpoint.run();
            Mismatch m = f.mismatch();
            String guard = imp.guard(m);
            if (guard != null) {
                // the code asks whether the field or type exists before it touches it (docs/markers.md)
                found.add(Diagnostic.warning(DiagnosticCode.CONTRACT, prefix + " " + f.phrase() + ": expected " + m.expected() + ", found "
                        + m.found(), List.of("expected: " + m.expected(), "found: " + m.found(), "guarded by "
                        + guard + ", which answers 0 with this version, so the link goes on"))
                        .withContract(facts(imp.input, exporter, m, List.of())));
                continue;
            }
            boolean unusedField = !f.error();
            List<String> details = new ArrayList<>();
            details.add("expected: " + m.expected());
            details.add("found: " + m.found());
            if (unusedField) {
                details.add("no offset-of query of " + imp.input.crateId() + " goes through this field, so the link goes on");
            }
            List<String> sites = unusedField ? List.of() : imp.sites(m.item(), view);
            sites.forEach(s -> details.add("used at " + s));
            if (m.kind() == Kind.FIELD_ADDED_WITHOUT_DEFAULT) {
                details.add("hint: give the field a default in " + m.item().crate() + "'s .steg (`"
                        + m.found() + " = 0`), or rebuild "
                        + imp.input.crateId() + " against " + export.name() + "@" + export.version()
                        + " and set the field");
            }
            if (sites.isEmpty() && !unusedField) {
                details.add("no marker or call of " + imp.input.name() + " names it; "
                        + "it is part of the view because an item it uses mentions it");
            }
            String message = prefix + " " + f.phrase() + ": expected " + m.expected()
                    + ", found " + m.found();
            Diagnostic.Contract facts = facts(imp.input, exporter, m, sites);
            if (unusedField) {
                found.add(Diagnostic.warning(DiagnosticCode.CONTRACT, message, details).withContract(facts));
            } else {
                compatible = false;
                found.add(Diagnostic.error(DiagnosticCode.CONTRACT, message, details).withContract(facts));
            }
        }
        if (found.stream().anyMatch(Diagnostic::isError)) compatible = false;
        semver(imp, view, exporter, compatible);
        out.addAll(found);
    }

    /**
     * How the link weighs one way an export breaks a view. {@code phrase} is what the message says after the exporter
     * ({@code changed field engine::Transform.scale}); {@code error} is false when the link only warns (a removed field
     * no offset-of query of the importer goes through); {@code dependsOnUse} is true for the rules whose verdict
     * depends on what the importer's code uses (that removed field; a removed struct, enum or type alias, which code
     * that asks its type-exists marker first survives; a method without a default body added to a trait the importer
     * implements), which {@link #classify} weighs for a client that uses everything.
     */
    public record Finding(Mismatch mismatch, String phrase, boolean error, boolean dependsOnUse) {
    }

    /**
     * The findings of the link for a client compiled against {@code view} (with its other dependencies
     * {@code viewDeps}) linked with {@code export} (and {@code exportDeps}) for {@code target}: exactly the rules of
     * {@link #check}, for a client that uses every field of the view and implements every trait of it ({@code race
     * diff}). Semver is not weighed. A layout that cannot be solved is added to {@code problems}.
     */
    public static List<Finding> classify(Crate view, List<Crate> viewDeps, Crate export, List<Crate> exportDeps,
                                         TargetSpec target, List<String> problems) {
        List<Crate> imports = new ArrayList<>(List.of(view));
        imports.addAll(viewDeps);
        String clientName = "race_diff_client";
        // the client's code asks for the size of every type and the offset of every field of the view, so the rules
        // that weigh what the importer uses (a removed field, alignment under an allocation) apply to each
        List<Marker> queries = new ArrayList<>();
        for (Item it : view.items()) {
            if (it instanceof Item.Struct || it instanceof Item.Enum) queries.add(new Marker.Size(it.path()));
            if (it instanceof Item.Struct s) s.fields().forEach(f -> queries.add(new Marker.Offset(s.path(), List.of(f.name()))));
        }
        RcrateFile clientFile = codeless(new Crate(clientName, view.version(), List.of()), imports);
        clientFile = new RcrateFile(clientFile.target(), clientFile.crate(), clientFile.imports(), clientFile.objects(),
                clientFile.sections(), clientFile.groups(), clientFile.symbols(), clientFile.relocations(), queries);
        InputCrate client = new InputCrate("client", clientFile);
        List<InputCrate> inputs = new ArrayList<>(List.of(client, new InputCrate("new", codeless(export, List.of()))));
        exportDeps.forEach(d -> inputs.add(new InputCrate(d.name(), codeless(d, List.of()))));
        ContractChecker c = new ContractChecker(inputs, SemverMode.STRUCTURAL, target, () -> { });
        inputs.forEach(in -> c.exporters.putIfAbsent(in.file().crate().name(), in));
        Importer imp = c.new Importer(client, "a client of " + view.name() + "@" + view.version());
        List<Diagnostic> found = new ArrayList<>();
        List<Finding> res = c.findings(imp, view, export, export.name() + "@" + export.version(), found);
        found.forEach(d -> problems.add(d.message()));
        return res;
    }

    private static RcrateFile codeless(Crate crate, List<Crate> imports) {
        return new RcrateFile(dev.race.format.rcrate.RcrateTarget.X86_64, crate, imports, List.of(), List.of(),
                List.of(), new dev.race.format.rcrate.RSymbols(new String[0], new long[0], new long[0], new int[0],
                        new byte[0], new byte[0], new byte[0], new int[0]),
                new dev.race.format.rcrate.RRelocations(new int[0], new long[0], new int[0], new int[0], new long[0],
                        new int[0]), List.of());
    }

    /**
     * Every way {@code export} breaks {@code view} for the importer, in order, with how the link weighs it: the
     * model rules of {@link Compatibility}, methods the importer's impls cannot provide, frozen layouts and enum tags.
     * The one place the link's rules are gathered: {@link #check} and {@link #classify} both call it.
     */
    private List<Finding> findings(Importer imp, Crate view, Crate export, String prefix, List<Diagnostic> found) {
        List<Mismatch> mismatches = new ArrayList<>(Compatibility.compare(view, export));
        checkpoint.run();
        mismatches.addAll(newRequiredMethods(imp, view, export));
        checkpoint.run();
        Map<Path, Path> pinnedBy = new HashMap<>();
        mismatches.addAll(frozenLayouts(imp, view, export, prefix, found, pinnedBy));
        checkpoint.run();
        mismatches.addAll(tagLayouts(imp, view, export));
        checkpoint.run();
        Map<Path, String> alignHow = new HashMap<>();
        mismatches.addAll(alignments(imp, view, export, mismatches, alignHow));
        checkpoint.run();
        mismatches.addAll(fieldsWithoutDefault(imp, view, export));
        checkpoint.run();
        List<Finding> res = new ArrayList<>();
        for (Mismatch m : mismatches) {
            boolean fieldRule = m.kind() == Kind.MISSING_FIELD
                    && !(view.item(m.item()).orElse(null) instanceof Item.Struct s && s.frozen());
            // a data type the export lacks: code that asks its type-exists marker (__race_has_<T>) first links
            // with a warning (docs/markers.md, "Optional features"), so the verdict depends on the importer's code
            Item viewed = view.item(m.item()).orElse(null);
            boolean typeRule = m.kind() == Kind.MISSING_ITEM && m.member().isEmpty()
                    && (viewed instanceof Item.Struct || viewed instanceof Item.Enum || viewed instanceof Item.TypeAlias);
            boolean error = !fieldRule || imp.usesField(m.item(), m.member());
            String phrase = pinnedBy.containsKey(m.item()) && m.kind() == Kind.FROZEN_LAYOUT_CHANGED
                    ? "changed the layout of " + m.item() + ", which frozen " + pinnedBy.get(m.item()) + " holds by value"
                    : m.kind() == Kind.TYPE_ALIGN_RAISED
                    ? "raised the alignment of " + m.item() + ", which " + imp.id + " " + alignHow.get(m.item())
                    : phrase(m, view, imp.id);
            res.add(new Finding(m, phrase, error, fieldRule || typeRule || m.kind() == Kind.IMPL_METHOD_MISSING
                    || m.kind() == Kind.TYPE_ALIGN_RAISED || m.kind() == Kind.FIELD_ALIGN_LOWERED
                    || m.kind() == Kind.FIELD_ADDED_WITHOUT_DEFAULT));
        }
        return res;
    }

    /**
     * A method the export's trait has, the view's trait has not, and that has no default body, for every impl of the
     * importer of that trait: the impl was compiled before the method existed and binds no body for it, and the
     * vtable slot can be filled only from a default. A client that uses everything implements every trait.
     */
    private static List<Mismatch> newRequiredMethods(Importer imp, Crate view, Crate export) {
        List<Mismatch> res = new ArrayList<>();
        if (imp.everything) {
            for (Item it : view.items()) {
                if (it instanceof Item.Trait vt && export.item(vt.path()).orElse(null) instanceof Item.Trait et) {
                    Set<String> known = new HashSet<>();
                    vt.methods().forEach(m -> known.add(m.name()));
                    for (TraitMethod m : et.methods()) {
                        if (m.defaultSymbol() == null && !known.contains(m.name())) {
                            res.add(new Mismatch(Kind.IMPL_METHOD_MISSING, vt.path(), m.name(), "a default body ("
                                    + imp.id + "'s impl of " + vt.path() + " binds no body for it)",
                                    Compatibility.methodText(m)));
                        }
                    }
                }
            }
        }
        Crate importer = imp.input.file().crate();
        for (Item it : importer.items()) {
            if (!(it instanceof Item.Impl impl) || !(view.item(impl.trait()).orElse(null) instanceof Item.Trait vt)
                    || !(export.item(impl.trait()).orElse(null) instanceof Item.Trait et)) {
                continue;
            }
            Set<String> known = new HashSet<>();
            vt.methods().forEach(m -> known.add(m.name()));
            impl.methods().forEach(m -> known.add(m.name()));
            for (TraitMethod m : et.methods()) {
                if (m.defaultSymbol() == null && !known.contains(m.name())) {
                    res.add(new Mismatch(Kind.IMPL_METHOD_MISSING, vt.path(), m.name(),
                            "a default body (" + impl.path().name() + " binds no body for it)", Compatibility.methodText(m)));
                }
            }
        }
        return res;
    }

    private void semver(Importer imp, Crate view, InputCrate exporter, boolean compatible) {
        Version vv = view.version();
        Version ev = exporter.file().crate().version();
        String head = imp.input.crateId() + " (" + imp.input.name() + ") was built against " + view.name() + "@" + vv
                + " but the link has " + exporter.crateId() + " (" + exporter.name() + ")";
        String why;
        if (!line(vv).equals(line(ev))) {
            why = ", a semver-incompatible version";
        } else if (ev.compareTo(vv) < 0) {
            why = ", an older version";
        } else {
            return;
        }
        if (mode == SemverMode.STRICT) {
            out.add(Diagnostic.error(DiagnosticCode.CONTRACT, head + why + " (--semver strict)", List.of(
                    "expected: " + view.name() + " " + range(vv),
                    "found: " + ev,
                    compatible ? "every contract " + imp.input.crateId() + " uses is structurally compatible; "
                            + "--semver structural would accept it with a warning"
                            : "contracts " + imp.input.crateId() + " uses changed as well (see below)"))
                    .withContract(facts(imp.input, exporter, view.name(), "", view.name() + " " + range(vv),
                            ev.toString(), List.of())));
        } else if (compatible) {
            out.add(Diagnostic.warning(DiagnosticCode.CONTRACT, head + why + "; every contract it uses is structurally compatible", List.of(
                    "expected: " + view.name() + " " + range(vv),
                    "found: " + ev,
                    "--semver strict refuses this"))
                    .withContract(facts(imp.input, exporter, view.name(), "", view.name() + " " + range(vv),
                            ev.toString(), List.of())));
        }
    }

    /** The facts of a mismatch for {@link Diagnostic#contract()}: the same as its text says. */
    private static Diagnostic.Contract facts(InputCrate in, InputCrate exporter, Mismatch m, List<String> sites) {
        return facts(in, exporter, m.item().toString(), m.member(), m.expected(), m.found(), sites);
    }

    private static Diagnostic.Contract facts(InputCrate in, InputCrate exporter, String item, String member,
                                             String expected, String found, List<String> sites) {
        return new Diagnostic.Contract(in.crateId(), in.name(), exporter == null ? null : exporter.crateId(),
                exporter == null ? null : exporter.name(), item, member, expected, found, sites);
    }

    /** The semver compatibility line: the major version, or 0.minor, or 0.0.patch (as Cargo reads versions). */
    private static String line(Version v) {
        if (v.major() > 0) return String.valueOf(v.major());
        if (v.minor() > 0) return "0." + v.minor();
        return "0.0." + v.patch();
    }

    private static String range(Version v) {
        String upper;
        if (v.major() > 0) upper = (v.major() + 1) + ".0.0";
        else if (v.minor() > 0) upper = "0." + (v.minor() + 1) + ".0";
        else upper = "0.0." + (v.patch() + 1);
        return ">=" + v.major() + "." + v.minor() + "." + v.patch() + ", <" + upper;
    }

    private static String phrase(Mismatch m, Crate view, String importer) {
        String s = m.subject();
        switch (m.kind()) {
            case MISSING_ITEM:
                return "has no " + view.item(m.item()).map(Compatibility::kindWord).orElse("item") + " " + s;
            case KIND_CHANGED:
                return "changed the kind of " + s;
            case VISIBILITY_REDUCED:
                return "reduced the visibility of " + s;
            case MISSING_FIELD:
            case MISSING_VARIANT:
            case TRAIT_METHOD_MISSING:
                return "has no " + s;
            case NEW_VARIANT_EXHAUSTIVE:
                return "added " + s + " to an enum " + importer + " saw as exhaustive";
            case PARAMS_CHANGED:
                return m.member().isEmpty() ? "changed the parameters of " + s : "changed " + s;
            case RETURN_CHANGED:
                return "changed the " + s;
            case OWNERSHIP_CHANGED:
                return "changed the ownership of " + (m.member().equals("return type") ? "the " : "") + s;
            case ABI_CHANGED:
                return "changed the calling convention of " + s;
            case EFFECTS_WIDENED:
                return "widened the effects of " + s;
            case SYMBOL_CHANGED:
                return "changed the symbol of " + s;
            case REPR_CHANGED:
                return "changed the repr of " + s;
            case STRATEGY_CHANGED:
                return "changed the layout strategy of " + s;
            case STRATEGY_VERSION_CHANGED:
                return "changed the version of the layout strategy of " + s;
            case FROZEN_CHANGED:
                return "no longer freezes " + s;
            case IMPL_METHOD_MISSING:
                return "added " + s + " without a default body";
            case SUPERTRAIT_REMOVED:
                return "removed " + s;
            case FROZEN_LAYOUT_CHANGED:
                return "changed the layout of frozen " + s;
            case ALIAS_CHANGED:
                return "changed type alias " + s;
            case TAG_CHANGED:
                return "changed where enum " + s + " keeps its tag";
            case FIELD_ALIGN_LOWERED:
                return "lowered the alignment of " + s;
            case TYPE_ALIGN_RAISED:
                return "raised the alignment of " + s;
            case FIELD_ADDED_WITHOUT_DEFAULT:
                return "added " + s + " without a default to a type " + importer + " constructs";
            case FROZEN_SLOT_MOVED:
                return m.member().isEmpty() ? "changed the supertraits of frozen trait " + s + ", which moves every slot"
                        : "moved the vtable slot of " + s + " in a trait " + importer + " saw #[frozen]";
            default: // FIELD_TYPE_CHANGED, VARIANT_CHANGED, TRAIT_METHOD_CHANGED
                return "changed " + s;
        }
    }

    // ---- resilient types by value, frozen types holding resilient ones (Boundaries)

    /**
     * The input's own STEG keeps the rules of {@link Boundaries}: {@code race pack} refuses a crate that breaks them,
     * so this refuses an .rcrate packed before the rules or written otherwise.
     */
    private void ownBoundaries(InputCrate in) {
        Crate own = in.file().crate();
        List<Crate> context = new ArrayList<>();
        for (Crate c : in.file().imports()) if (!c.name().equals(own.name())) context.add(c);
        for (Mismatch m : Boundaries.check(own, context)) {
            out.add(Diagnostic.error(DiagnosticCode.CONTRACT, in.crateId() + " (" + in.name() + ") " + Boundaries.phrase(m) + ": expected "
                    + m.expected() + ", found " + m.found(), List.of("expected: " + m.expected(), "found: " + m.found(),
                    Boundaries.why(m))).withContract(facts(in, null, m, List.of())));
        }
    }

    /**
     * The importer's view keeps the rules of {@link Boundaries} as the importer saw it: if its view of
     * {@code engine::take} took a type by value that was resilient in the view, the importer's calls pass it by
     * value with the view's size, whatever the exporter now declares.
     */
    private List<Diagnostic> viewBoundaries(Importer imp, Crate view, String head) {
        List<Crate> context = new ArrayList<>();
        for (Crate c : imp.input.file().imports()) if (c != view) context.add(c);
        context.add(imp.input.file().crate());
        List<Diagnostic> res = new ArrayList<>();
        for (Mismatch m : Boundaries.check(view, context)) {
            List<String> details = new ArrayList<>(List.of("expected: " + m.expected(), "found: " + m.found(),
                    Boundaries.why(m)));
            List<String> sites = imp.sites(m.item(), view);
            sites.forEach(s -> details.add("used at " + s));
            res.add(Diagnostic.error(DiagnosticCode.CONTRACT, head + ", which " + Boundaries.phrase(m) + ": expected " + m.expected()
                    + ", found " + m.found(), details).withContract(facts(imp.input, null, m, sites)));
        }
        return res;
    }

    // ---- constructors

    /**
     * {@link Kind#FIELD_ADDED_WITHOUT_DEFAULT}: a struct of the view the importer <em>constructs</em> (its code uses
     * the type's {@code __race_init_} marker: it initialises storage from the init image, then sets the fields it
     * knows) must not have gained a field without a default, which the init leaves zero (docs/contracts.md,
     * "Constructors"). Storage the importer allocates without init is its own business and is not checked.
     */
    private static List<Mismatch> fieldsWithoutDefault(Importer imp, Crate view, Crate export) {
        List<Mismatch> res = new ArrayList<>();
        // every struct whose image an init copies: the constructed types, and (transitively) every struct they hold
        // by value, whose own image is copied inside theirs; each with the constructed type it was reached from
        Map<Path, Path> constructed = new java.util.TreeMap<>(java.util.Comparator.comparing(Path::toString));
        Deque<Path[]> work = new ArrayDeque<>();
        for (Marker q : imp.input.file().queries()) {
            if (q instanceof Marker.Init i) work.add(new Path[] {i.type(), i.type()});
        }
        Crate own = imp.input.file().crate();
        while (!work.isEmpty()) {
            Path[] at = work.poll();
            if (constructed.putIfAbsent(at[0], at[1]) != null) continue;
            Item it = at[0].crate().equals(export.name()) ? export.item(at[0]).orElse(null)
                    : at[0].crate().equals(own.name()) ? own.item(at[0]).orElse(null) : null;
            if (it instanceof Item.Struct st) {
                for (Field f : st.fields()) heldByValue(f.type(), own, export, 0, p -> work.add(new Path[] {p, at[1]}));
            }
        }
        for (Map.Entry<Path, Path> c : constructed.entrySet()) {
            Path p = c.getKey();
            if (!(view.item(p).orElse(null) instanceof Item.Struct vs)
                    || !(export.item(p).orElse(null) instanceof Item.Struct es)) {
                continue; // a missing or changed type is Compatibility's finding; other crates' types are not this view's
            }
            String how = c.getValue().equals(p) ? p + " from its init image"
                    : c.getValue() + " from its init image, which holds " + p + " by value,";
            Set<String> known = new HashSet<>();
            vs.fields().forEach(f -> known.add(f.name()));
            for (Field f : es.fields()) {
                if (!known.contains(f.name()) && !f.hasDefault()) {
                    res.add(new Mismatch(Kind.FIELD_ADDED_WITHOUT_DEFAULT, p, f.name(), "a default ("
                            + imp.id + " initialises " + how + " and leaves this field zero)",
                            f.name() + ": " + TypeText.of(f.type())));
                }
            }
        }
        return res;
    }

    /** The named structs {@code t} holds by value (through arrays, tuples, {@code Option} and aliases). */
    private static void heldByValue(Type t, Crate own, Crate export, int depth, java.util.function.Consumer<Path> out) {
        if (depth > 64) return;
        if (t instanceof Type.Named n) {
            Crate c = n.path().crate().equals(export.name()) ? export : n.path().crate().equals(own.name()) ? own : null;
            Item it = c == null ? null : c.item(n.path()).orElse(null);
            if (it instanceof Item.TypeAlias a) heldByValue(a.target(), own, export, depth + 1, out);
            else if (it instanceof Item.Struct) out.accept(n.path());
        } else if (t instanceof Type.Array a) {
            heldByValue(a.element(), own, export, depth + 1, out);
        } else if (t instanceof Type.Tuple tu) {
            tu.elements().forEach(e -> heldByValue(e, own, export, depth + 1, out));
        } else if (t instanceof Type.OptionOf o) {
            heldByValue(o.inner(), own, export, depth + 1, out);
        }
    }

    // ---- alignment

    /**
     * Alignment the importer's code built in (docs/contracts.md, "Alignment"):
     * <ul>
     *   <li>{@link Kind#TYPE_ALIGN_RAISED}: a struct or enum of the view the importer <em>allocates</em> (it uses the
     *       type's size marker: it makes storage for one, aligned as it saw it) or <em>embeds</em> (a type of its own
     *       crate that it allocates holds it by value, and that type's alignment rises with it) must not be more
     *       aligned than in the view. A type held inside another view type is reported on the outer one when that
     *       one's alignment rises; a type it only reaches through pointers may change alignment freely.</li>
     *   <li>{@link Kind#FIELD_ALIGN_LOWERED}: the address an offset-of query of the importer leads to must stay as
     *       aligned as in the view (the smallest alignment along the path, each field's alignment capped by its
     *       struct's {@code packed(N)}), since the importer loads and stores the leaf with aligned instructions;
     *       named by the first field on the path whose export alignment is below what the view promised.</li>
     * </ul>
     * A type that holds by value an item already mismatched is not reported again (the cause is).
     */
    private List<Mismatch> alignments(Importer imp, Crate view, Crate export, List<Mismatch> already,
                                      Map<Path, String> how) {
        List<Mismatch> res = new ArrayList<>();
        Set<Path> broken = new HashSet<>();
        for (Mismatch m : already) broken.add(m.item());
        String own = imp.input.file().crate().name();
        Set<Path> sized = new HashSet<>();
        for (Marker q : imp.input.file().queries()) {
            if (q instanceof Marker.Size sz) sized.add(sz.type());
        }
        for (Item it : view.items()) {
            checkpoint.run();
            Item ex = export.item(it.path()).orElse(null);
            if (!(it instanceof Item.Struct || it instanceof Item.Enum) || isFrozen(it) || ex == null
                    || !Compatibility.kindWord(it).equals(Compatibility.kindWord(ex)) || holdsAny(imp, it.path(), broken)) {
                continue;
            }
            long va;
            long ea;
            try {
                va = imp.viewSolver().alignOf(it.path());
                ea = exportSolver().alignOf(it.path());
            } catch (LayoutException | IllegalArgumentException e) {
                continue; // an unsolvable layout is reported by the solve passes
            }
            if (ea <= va) continue;
            String reason = sized.contains(it.path()) ? "allocates" : null;
            if (reason == null) {
                // embedded in a type of the importer's own that it allocates, and whose alignment rises with it
                List<Path> up = new ArrayList<>(imp.holders(it.path()));
                up.sort(null);
                for (Path p : up) {
                    if (reason != null || !p.crate().equals(own) || !sized.contains(p)) continue;
                    try {
                        long pv = imp.fullViewSolver().alignOf(p);
                        if (exportSolver().alignOf(p) > pv) reason = "embeds in " + p + ", which it allocates";
                    } catch (LayoutException | IllegalArgumentException e) {
                        // left to the solve passes
                    }
                }
            }
            if (reason != null) {
                res.add(new Mismatch(Kind.TYPE_ALIGN_RAISED, it.path(), "align " + va, "align " + ea));
                how.put(it.path(), reason);
            }
        }
        Set<String> reported = new HashSet<>();
        for (Marker q : imp.input.file().queries()) {
            if (!(q instanceof Marker.Offset o)) continue;
            List<Step> vs = steps(o, imp.items, imp.fullViewSolver());
            List<Step> es = steps(o, exportItems(), exportSolver());
            if (vs == null || es == null || vs.size() != es.size()) continue;
            long cumV = Long.MAX_VALUE;
            long cumE = Long.MAX_VALUE;
            for (int i = 0; i < vs.size(); i++) {
                if (!vs.get(i).name().equals(es.get(i).name())) {
                    cumE = Long.MAX_VALUE; // the path went elsewhere: left to Compatibility
                    break;
                }
                cumV = Math.min(cumV, vs.get(i).align());
                cumE = Math.min(cumE, es.get(i).align());
            }
            if (cumE >= cumV) continue;
            for (Step st : es) {
                if (st.align() < cumV) {
                    if (st.struct() != null && st.struct().crate().equals(view.name()) && !broken.contains(st.struct())
                            && reported.add(st.struct() + "." + st.name())) {
                        res.add(new Mismatch(Kind.FIELD_ALIGN_LOWERED, st.struct(), st.name(), "align " + cumV,
                                "align " + cumE));
                    }
                    break;
                }
            }
        }
        return res;
    }

    /** One step of an offset-of path: the struct it is a field of (null for tuple, variant, Option steps), its name, the alignment the field's address keeps. */
    private record Step(Path struct, String name, long align) {
    }

    /**
     * The steps of {@code o} over {@code items} and {@code solver}: for a struct field its type's alignment capped by
     * the struct's {@code packed(N)}; for enum variant fields, tuple elements and {@code Option}'s payload their
     * type's alignment. Null when the path cannot be followed or solved.
     */
    private static List<Step> steps(Marker.Offset o, Map<Path, Item> items, LayoutSolver solver) {
        List<Step> out = new ArrayList<>();
        List<String> member = o.member();
        Type cur = new Type.Named(o.type());
        try {
            for (int i = 0; i < member.size(); i++) {
                for (int g = 0; g < 64 && cur instanceof Type.Named n && items.get(n.path()) instanceof Item.TypeAlias a; g++) {
                    cur = a.target();
                }
                Type next = null;
                if (cur instanceof Type.Named n && items.get(n.path()) instanceof Item.Struct s) {
                    FieldLayout fl = solver.layout(n.path()).field(member.get(i));
                    if (fl == null) return null;
                    long align = s.repr().packed() > 0 ? Math.min(fl.align(), s.repr().packed()) : fl.align();
                    out.add(new Step(n.path(), member.get(i), align));
                    next = fl.type();
                } else if (cur instanceof Type.Named n && items.get(n.path()) instanceof Item.Enum e && i + 1 < member.size()) {
                    for (Variant v : e.variants()) {
                        if (!v.name().equals(member.get(i))) continue;
                        for (Field fd : v.fields()) if (fd.name().equals(member.get(i + 1))) next = fd.type();
                    }
                    if (next == null) return null;
                    out.add(new Step(null, member.get(i) + "." + member.get(i + 1), solver.layout(next).align()));
                    i++;
                } else if (cur instanceof Type.Tuple t && member.get(i).matches("0|[1-9][0-9]{0,8}")
                        && Integer.parseInt(member.get(i)) < t.elements().size()) {
                    next = t.elements().get(Integer.parseInt(member.get(i)));
                    out.add(new Step(null, member.get(i), solver.layout(next).align()));
                } else if (cur instanceof Type.OptionOf opt && i + 1 < member.size() && member.get(i).equals("Some")
                        && member.get(i + 1).equals("0")) {
                    next = opt.inner();
                    out.add(new Step(null, "Some.0", solver.layout(next).align()));
                    i++;
                } else {
                    return null;
                }
                cur = next;
            }
        } catch (LayoutException | IllegalArgumentException e) {
            return null;
        }
        return out;
    }

    /** Whether {@code root} or a type it holds by value (through the importer's items) is in {@code set}. */
    private static boolean holdsAny(Importer imp, Path root, Set<Path> set) {
        Set<Path> seen = new HashSet<>();
        Deque<Path> work = new ArrayDeque<>(List.of(root));
        while (!work.isEmpty()) {
            Path p = work.pop();
            if (!seen.add(p)) continue;
            if (set.contains(p)) return true;
            Item it = imp.items.get(p);
            if (it != null) {
                for (Type t : byValueTypes(it)) work.addAll(namedByValue(t));
            }
        }
        return false;
    }

    private Map<Path, Item> exportItems;

    /** Every item of every exporter (the first one of a crate), by path. */
    private Map<Path, Item> exportItems() {
        if (exportItems == null) {
            exportItems = new HashMap<>();
            exporters.values().forEach(in -> in.file().crate().items().forEach(it -> exportItems.putIfAbsent(it.path(), it)));
        }
        return exportItems;
    }

    // ---- frozen layouts

    /**
     * The layouts the importer's code may have built in: those of the view's frozen structs and enums and of every
     * view type a frozen type (the view's or the importer's own) holds by value. Solved as the importer saw them
     * (with all its views) and as exported (with every input); a difference is a mismatch. A type the export no
     * longer freezes, or that changed kind, is left to {@link Compatibility}. A layout that cannot be solved is
     * reported into {@code found}. {@code pinnedBy} receives, for a type that is not frozen itself, the frozen type
     * that embeds it.
     */
    private List<Mismatch> frozenLayouts(Importer imp, Crate view, Crate export, String prefix, List<Diagnostic> found,
                                         Map<Path, Path> pinnedBy) {
        Map<Path, Path> pinned = new LinkedHashMap<>();
        Deque<Path[]> work = new ArrayDeque<>();
        for (Item it : imp.items.values().stream().sorted((a, b) -> a.path().compareTo(b.path())).toList()) {
            if (isFrozen(it)) work.add(new Path[] {it.path(), it.path()});
        }
        while (!work.isEmpty()) {
            Path[] pr = work.pop();
            if (pinned.putIfAbsent(pr[0], pr[1]) != null) continue;
            Item it = imp.items.get(pr[0]);
            if (it == null) continue;
            for (Type t : byValueTypes(it)) {
                for (Path p : namedByValue(t)) work.add(new Path[] {p, pr[1]});
            }
        }
        List<Mismatch> res = new ArrayList<>();
        for (Item it : view.items()) {
            checkpoint.run();
            Path root = pinned.get(it.path());
            Item ex = export.item(it.path()).orElse(null);
            if (root == null || !(it instanceof Item.Struct || it instanceof Item.Enum) || ex == null
                    || !Compatibility.kindWord(it).equals(Compatibility.kindWord(ex)) || isFrozen(it) && !isFrozen(ex)) {
                continue;
            }
            String expected;
            String actual;
            try {
                LayoutSolver vs = imp.viewSolver();
                expected = layoutText(vs, vs.layout(it.path()));
            } catch (LayoutException | IllegalArgumentException e) {
                found.add(Diagnostic.error(DiagnosticCode.CONTRACT, prefix + ": cannot solve the layout of " + it.path() + " as "
                        + imp.input.crateId() + " saw it: " + e.getMessage(), imp.sitesDetails(it.path(), view)));
                continue;
            }
            try {
                LayoutSolver es = exportSolver();
                actual = layoutText(es, es.layout(it.path()));
            } catch (LayoutException | IllegalArgumentException e) {
                found.add(Diagnostic.error(DiagnosticCode.CONTRACT, prefix + ": cannot solve the layout of " + it.path() + ": " + e.getMessage(),
                        imp.sitesDetails(it.path(), view)));
                continue;
            }
            if (!expected.equals(actual)) {
                res.add(new Mismatch(Kind.FROZEN_LAYOUT_CHANGED, it.path(), expected, actual));
                if (!root.equals(it.path())) pinnedBy.put(it.path(), root);
            }
        }
        return res;
    }

    // ---- enum tags

    /**
     * Code compiled against the view reads and writes an enum's tag where the view's layout put it, at its width
     * (docs/layout.md, "Resilient enums"). A resilient view's tag is 4 bytes at offset 0 by rule, whatever its
     * payloads (so a view trimmed of them needs no solving); any other view is solved as the importer saw it. The
     * export must keep the tag there, as wide, and in the same encoding: a resilient enum that became #[frozen] or
     * got a #[repr], a repr(C) enum whose new discriminant widened the tag, are refused. Frozen views are checked
     * whole by {@link #frozenLayouts}; a view that cannot be solved is left to it and to {@link Compatibility}.
     */
    private List<Mismatch> tagLayouts(Importer imp, Crate view, Crate export) {
        List<Mismatch> res = new ArrayList<>();
        for (Item it : view.items()) {
            if (!(it instanceof Item.Enum ve) || ve.frozen()
                    || !(export.item(it.path()).orElse(null) instanceof Item.Enum)) {
                continue;
            }
            String expected;
            if (LayoutSolver.hasStableTag(ve)) {
                expected = tagText(TypeLayout.Encoding.TAGGED, new TagLayout(0, LayoutSolver.STABLE_TAG_SIZE, false));
            } else {
                try {
                    TypeLayout l = imp.viewSolver().layout(it.path());
                    expected = tagText(l.encoding(), l.tag());
                } catch (LayoutException | IllegalArgumentException e) {
                    continue;
                }
            }
            String actual;
            try {
                TypeLayout l = exportSolver().layout(it.path());
                actual = tagText(l.encoding(), l.tag());
            } catch (LayoutException | IllegalArgumentException e) {
                continue; // reported by the solve pass with the exporter's file
            }
            if (!expected.equals(actual)) res.add(new Mismatch(Kind.TAG_CHANGED, it.path(), expected, actual));
        }
        return res;
    }

    /** {@code a 4-byte tag at offset 0}, {@code a 1-byte niche at offset 8}, {@code no tag (single variant)}. */
    private static String tagText(TypeLayout.Encoding encoding, TagLayout tag) {
        return switch (encoding) {
            case TAGGED -> "a " + tag.size() + "-byte tag at offset " + tag.offset();
            case NICHE -> "a " + tag.size() + "-byte niche at offset " + tag.offset();
            case SINGLE -> "no tag (one variant)";
            case EMPTY -> "no tag (no variant)";
            case NONE -> "no tag";
        };
    }

    private static boolean isFrozen(Item it) {
        return it instanceof Item.Struct s && s.frozen() || it instanceof Item.Enum e && e.frozen();
    }

    private LayoutSolver exportSolver() {
        if (exportSolver == null) {
            List<Crate> crates = new ArrayList<>();
            exporters.values().forEach(in -> crates.add(in.file().crate()));
            exportSolver = new LayoutSolver(target, crates);
        }
        return exportSolver;
    }

    /**
     * {@code size 12, align 4, x at 0, y at 4, z at 8} for a struct; for an enum also where the tag is and, for each
     * variant, the value its tag holds and its fields' offsets: everything code compiled against the promise may
     * have built in.
     */
    static String layoutText(LayoutSolver solver, TypeLayout l) {
        StringJoiner j = new StringJoiner(", ");
        j.add("size " + l.size());
        j.add("align " + l.align());
        for (FieldLayout f : l.fields()) {
            j.add(f.name() + " at " + f.offset());
        }
        if (!l.variants().isEmpty() || l.encoding() != TypeLayout.Encoding.NONE) {
            j.add(l.tag() == null ? "no tag" : "tag at " + l.tag().offset() + " (size " + l.tag().size() + ")");
            for (VariantLayout v : l.variants()) {
                StringJoiner fs = new StringJoiner(", ", " {", "}");
                fs.setEmptyValue("");
                for (FieldLayout f : v.fields()) fs.add(f.name() + " at " + f.offset());
                String tag;
                try {
                    BigInteger t = solver.tagOf(l.path(), v.name());
                    tag = " = " + t;
                } catch (LayoutException e) {
                    tag = " (dataful)";
                }
                j.add(v.name() + tag + fs);
            }
        }
        return j.toString();
    }

    // ---- the importer: its sites and what its code uses

    /** A field of a struct, as a set key. */
    private record FieldRef(Path struct, String field) {
    }

    private final class Importer {
        final InputCrate input;
        /** How messages name the importer: {@code plugin@1.0.0}. */
        final String id;
        /** A client that uses every field and implements every trait of its views ({@link #classify}). */
        final boolean everything;
        /** Code sites, computed on the first diagnostic that needs them (a clean link never does). */
        private Map<Path, List<String>> markerSites;
        private Map<String, List<String>> callSites;
        /** Every item the importer knows: its own and its views'. */
        final Map<Path, Item> items = new HashMap<>();
        /** Item to the items that hold it by value (fields, variant fields, through arrays, tuples, Option). */
        final Map<Path, Set<Path>> containers = new HashMap<>();
        final Set<FieldRef> usedFields = new HashSet<>();
        /** Struct path to its fields by name, built on first use (a struct may be walked for many queries). */
        private final Map<Path, Map<String, Type>> fieldTypes = new HashMap<>();
        private LayoutSolver viewSolver;
        /** The importer's has (field-exists, type-exists) queries. */
        private final Set<Marker.Has> guards = new HashSet<>();

        Importer(InputCrate input) {
            this(input, input.crateId(), false);
        }

        Importer(InputCrate input, String id) {
            this(input, id, true);
        }

        private Importer(InputCrate input, String id, boolean everything) {
            this.input = input;
            this.id = id;
            this.everything = everything;
            RcrateFile f = input.file();
            List<Crate> all = new ArrayList<>(f.imports());
            all.add(f.crate());
            for (Crate c : all) {
                for (Item it : c.items()) {
                    items.putIfAbsent(it.path(), it);
                    for (Type t : byValueTypes(it)) {
                        for (Path p : namedByValue(t)) {
                            containers.computeIfAbsent(p, k -> new LinkedHashSet<>()).add(it.path());
                        }
                    }
                }
            }
            for (Marker q : f.queries()) {
                if (q instanceof Marker.Offset o) {
                    walk(o.type(), o.member());
                } else if (q instanceof Marker.Has h) {
                    guards.add(h);
                }
            }
        }

        /**
         * The {@code has} marker of this importer that guards a missing field or type (a field-exists query of the
         * field, a type-exists query of the type), or null: code that asks before it touches the item links.
         */
        String guard(Mismatch m) {
            Marker.Has g = switch (m.kind()) {
                case MISSING_FIELD -> new Marker.Has(m.item(), List.of(m.member()));
                case MISSING_ITEM -> new Marker.Has(m.item(), List.of());
                default -> null;
            };
            return g != null && guards.contains(g) ? Markers.mangle(g) : null;
        }

        LayoutSolver viewSolver() {
            if (viewSolver == null) {
                List<Crate> views = new ArrayList<>();
                for (Crate c : input.file().imports()) {
                    if (!c.name().equals(input.file().crate().name())) views.add(c);
                }
                viewSolver = new LayoutSolver(target, views);
            }
            return viewSolver;
        }

        /**
         * Records each (type, field) an offset-of query goes through: struct fields, enum variant fields, and on
         * through tuple elements ({@code pair.1.scale}), {@code Option}'s {@code Some.0} and type aliases.
         */
        private void walk(Path type, List<String> member) {
            Type cur = new Type.Named(type);
            for (int i = 0; i < member.size() && cur != null; i++) {
                cur = unalias(cur);
                Type next = null;
                if (cur instanceof Type.Named n) {
                    Path path = n.path();
                    Item it = items.get(path);
                    if (it instanceof Item.Struct s) {
                        usedFields.add(new FieldRef(path, member.get(i)));
                        next = fieldTypes.computeIfAbsent(path, k -> {
                            Map<String, Type> m = new HashMap<>();
                            for (Field fd : s.fields()) m.put(fd.name(), fd.type());
                            return m;
                        }).get(member.get(i));
                    } else if (it instanceof Item.Enum e && i + 1 < member.size()) {
                        for (Variant v : e.variants()) {
                            if (v.name().equals(member.get(i))) {
                                for (Field fd : v.fields()) if (fd.name().equals(member.get(i + 1))) next = fd.type();
                            }
                        }
                        i++;
                    }
                } else if (cur instanceof Type.Tuple t) {
                    String m = member.get(i);
                    if (m.matches("0|[1-9][0-9]{0,8}") && Integer.parseInt(m) < t.elements().size()) {
                        next = t.elements().get(Integer.parseInt(m));
                    }
                } else if (cur instanceof Type.OptionOf o && i + 1 < member.size()) {
                    if (member.get(i).equals("Some") && member.get(i + 1).equals("0")) next = o.inner();
                    i++;
                }
                cur = next;
            }
        }

        /** The type an alias names, through chains of aliases (the .steg compiler refuses alias cycles). */
        private Type unalias(Type t) {
            for (int guard = 0; guard < 64 && t instanceof Type.Named n
                    && items.get(n.path()) instanceof Item.TypeAlias a; guard++) {
                t = a.target();
            }
            return t;
        }

        boolean usesField(Path struct, String field) {
            return everything || usedFields.contains(new FieldRef(struct, field));
        }

        /** Sites of the item, of every item of the importer embedding it by value, and calls of a function. */
        List<String> sites(Path item, Crate view) {
            Set<Path> closure = new LinkedHashSet<>();
            Deque<Path> work = new ArrayDeque<>(List.of(item));
            while (!work.isEmpty()) {
                Path p = work.pop();
                if (closure.add(p)) work.addAll(containers.getOrDefault(p, Set.of()));
            }
            if (markerSites == null) {
                markerSites = Sites.of(input.file());
                callSites = Sites.ofUndefinedSymbols(input.file());
            }
            List<String> direct = markerSites.getOrDefault(item, List.of());
            Set<String> res = new LinkedHashSet<>(direct);
            for (Path p : closure.stream().sorted().toList()) {
                if (!p.equals(item)) {
                    for (String site : markerSites.getOrDefault(p, List.of())) {
                        if (!direct.contains(site)) res.add(site + " via " + p);
                    }
                }
            }
            if (view.item(item).orElse(null) instanceof Item.Function fn) {
                res.addAll(callSites.getOrDefault(fn.symbol(), List.of()));
            }
            return List.copyOf(res);
        }

        /** {@code item} and every item that holds it by value, transitively. */
        Set<Path> holders(Path item) {
            Set<Path> closure = new LinkedHashSet<>();
            Deque<Path> work = new ArrayDeque<>(List.of(item));
            while (!work.isEmpty()) {
                Path p = work.pop();
                if (closure.add(p)) work.addAll(containers.getOrDefault(p, Set.of()));
            }
            return closure;
        }

        private LayoutSolver fullViewSolver;

        /** The views and the importer's own crate: layouts as the importer's code saw them, its own types included. */
        LayoutSolver fullViewSolver() {
            if (fullViewSolver == null) {
                List<Crate> all = new ArrayList<>();
                for (Crate c : input.file().imports()) {
                    if (!c.name().equals(input.file().crate().name())) all.add(c);
                }
                all.add(input.file().crate());
                fullViewSolver = new LayoutSolver(target, all);
            }
            return fullViewSolver;
        }

        List<String> sitesDetails(Path item, Crate view) {
            List<String> d = new ArrayList<>();
            sites(item, view).forEach(s -> d.add("used at " + s));
            return d;
        }
    }

    private static List<Type> byValueTypes(Item it) {
        List<Type> ts = new ArrayList<>();
        if (it instanceof Item.Struct s) {
            s.fields().forEach(f -> ts.add(f.type()));
        } else if (it instanceof Item.Enum e) {
            e.variants().forEach(v -> v.fields().forEach(f -> ts.add(f.type())));
        } else if (it instanceof Item.TypeAlias a) {
            ts.add(a.target());
        }
        return ts;
    }

    /** The named types {@code t} holds by value: itself, array elements, tuple elements, an Option's payload. */
    private static List<Path> namedByValue(Type t) {
        List<Path> out = new ArrayList<>();
        Deque<Type> work = new ArrayDeque<>(List.of(t));
        while (!work.isEmpty()) {
            Type x = work.pop();
            if (x instanceof Type.Named n) out.add(n.path());
            else if (x instanceof Type.Array a) work.push(a.element());
            else if (x instanceof Type.Tuple tu) tu.elements().forEach(work::push);
            else if (x instanceof Type.OptionOf o) work.push(o.inner());
        }
        return out;
    }

}
