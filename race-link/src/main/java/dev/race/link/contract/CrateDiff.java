package dev.race.link.contract;

import dev.race.format.marker.Marker;
import dev.race.format.marker.Markers;
import dev.race.layout.LayoutException;
import dev.race.layout.LayoutSolver;
import dev.race.layout.TargetSpec;
import dev.race.steg.compat.Boundaries;
import dev.race.steg.compat.Compatibility;
import dev.race.steg.compat.Mismatch;
import dev.race.steg.compat.Mismatch.Kind;
import dev.race.steg.model.Crate;
import dev.race.steg.model.Field;
import dev.race.steg.model.FnSig;
import dev.race.steg.model.ImplMethod;
import dev.race.steg.model.Item;
import dev.race.steg.model.Param;
import dev.race.steg.model.Path;
import dev.race.steg.model.TraitMethod;
import dev.race.steg.model.Variant;
import dev.race.steg.model.Visibility;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;

/**
 * {@code race diff}: every change between two versions of a crate, classified by what a RACE link of a client
 * compiled against {@code old} does with {@code new} (docs/diff.md). The breaking changes are exactly the link's
 * findings ({@link ContractChecker#classify}, for a client that uses everything {@code old} declares); every other
 * difference of the two models is compatible, for a plain C client too when the solved layouts of the item do not
 * change, else only under RACE (the linker patches the offsets, sizes, tags and slots that moved).
 */
public final class CrateDiff {

    /** How a change is weighed, from the mildest. */
    public enum Verdict {
        /** No layout or ABI change: a client compiled against the old version works with the new one, RACE or not. */
        COMPATIBLE("compatible"),
        /** Layouts, tags or slots move: the RACE link patches every marker, so the client links and runs. */
        COMPATIBLE_UNDER_RACE("compatible under RACE"),
        /** The link refuses a client that uses the member (an error), and only warns for one that does not. */
        BREAKING_IF_USED("breaking if a client uses it"),
        /** The link refuses every client whose view has the item. */
        BREAKING("breaking");

        private final String words;

        Verdict(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }

        public boolean breaking() {
            return this == BREAKING || this == BREAKING_IF_USED;
        }
    }

    /**
     * One change. {@code kind} is the link's {@link Mismatch.Kind} name for a breaking change, or a word of this class
     * for a compatible one ({@code ITEM_ADDED}, {@code FIELD_ADDED} ...); {@code subject} is what changed
     * ({@code field engine::Transform.scale}); {@code what} the phrase, which for a breaking change is the link's
     * ({@code changed field engine::Transform.scale}); {@code expected} is the old text and {@code found} the new one.
     */
    public record Change(Verdict verdict, String kind, Path item, String member, String subject, String what,
                         String expected, String found, String note) {
        public Change {
            Objects.requireNonNull(verdict);
            Objects.requireNonNull(kind);
            Objects.requireNonNull(item);
            Objects.requireNonNull(member);
            Objects.requireNonNull(subject);
            Objects.requireNonNull(what);
            Objects.requireNonNull(expected);
            Objects.requireNonNull(found);
            Objects.requireNonNull(note);
        }

        /** {@code changed field engine::Transform.scale: expected f32, found f64}: the link's text after its "but ... ". */
        public String message() {
            return what + ": expected " + expected + ", found " + found;
        }
    }

    /** The changes, breaking ones first (in the link's order), then the compatible ones in item order; and problems. */
    public record Result(List<Change> changes, List<String> problems) {
        public boolean breaking() {
            return changes.stream().anyMatch(c -> c.verdict().breaking());
        }
    }

    private final Crate old;
    private final Crate neu;
    private final LayoutSolver oldSolver;
    private final LayoutSolver newSolver;
    private final List<Change> out = new ArrayList<>();
    /** (item, member) pairs a breaking change already covers; "item|" covers the whole item. */
    private final Set<String> covered = new HashSet<>();

    private CrateDiff(Crate old, List<Crate> oldDeps, Crate neu, List<Crate> newDeps, TargetSpec target) {
        this.old = old;
        this.neu = neu;
        List<Crate> o = new ArrayList<>(List.of(old));
        o.addAll(oldDeps);
        List<Crate> n = new ArrayList<>(List.of(neu));
        n.addAll(newDeps);
        this.oldSolver = new LayoutSolver(target, o);
        this.newSolver = new LayoutSolver(target, n);
    }

    /** Every change from {@code old} (what a client was compiled against) to {@code neu} (what it is linked with). */
    public static Result diff(Crate old, List<Crate> oldDeps, Crate neu, List<Crate> newDeps, TargetSpec target) {
        List<String> problems = new ArrayList<>();
        CrateDiff d = new CrateDiff(old, oldDeps, neu, newDeps, target);
        for (ContractChecker.Finding f : ContractChecker.classify(old, oldDeps, neu, newDeps, target, problems)) {
            Mismatch m = f.mismatch();
            String note = "";
            if (f.dependsOnUse()) {
                note = switch (m.kind()) {
                    case IMPL_METHOD_MISSING -> "an error for a client that implements " + m.item()
                            + ", nothing for one that does not";
                    case TYPE_ALIGN_RAISED -> "an error for a client that allocates it (uses its size, or that of a "
                            + "type holding it) or embeds it by value, nothing for one that reaches it only through pointers";
                    case FIELD_ALIGN_LOWERED -> "an error for a client whose code reads or writes it (an offset-of "
                            + "query through it), nothing for one that does not";
                    case MISSING_ITEM -> "an error for a client whose code uses it without asking whether it exists "
                            + "(its type-exists marker " + Markers.mangle(
                            new Marker.Has(m.item(), List.of())) + "), a warning for one that asks first";
                    default -> "an error for a client whose code reads or writes it (an offset-of query through it), "
                            + "a warning for one that does not";
                };
            }
            d.out.add(new Change(f.dependsOnUse() ? Verdict.BREAKING_IF_USED : Verdict.BREAKING, m.kind().name(),
                    m.item(), m.member(), m.subject(), f.phrase(), m.expected(), m.found(), note));
            d.covered.add(m.item() + "|" + m.member());
            if (m.member().isEmpty() && (m.kind() == Kind.MISSING_ITEM || m.kind() == Kind.KIND_CHANGED)) {
                d.covered.add(m.item() + "|*");
            }
            if (m.kind() == Kind.FROZEN_LAYOUT_CHANGED || m.kind() == Kind.TAG_CHANGED) {
                d.covered.add(m.item() + "|layout");
            }
        }
        // the link refuses an input whose own STEG breaks the rules of Boundaries, whoever imports it
        List<Mismatch> before = Boundaries.check(old, oldDeps);
        for (Mismatch m : Boundaries.check(neu, newDeps)) {
            if (before.contains(m)) continue;
            d.out.add(new Change(Verdict.BREAKING, m.kind().name(), m.item(), m.member(), m.subject(),
                    Boundaries.phrase(m), m.expected(), m.found(), "race link refuses the new version itself: "
                    + Boundaries.why(m)));
            d.covered.add(m.item() + "|*");
        }
        d.compatible();
        return new Result(List.copyOf(d.out), List.copyOf(problems));
    }

    // ---- the compatible changes: every difference of the models the link does not refuse

    private void compatible() {
        for (Item o : old.items()) {
            Item n = neu.item(o.path()).orElse(null);
            if (n == null || covered.contains(o.path() + "|*")) continue;
            Visibility ov = visibility(o);
            Visibility nv = visibility(n);
            if (ov != null && nv != null && nv.ordinal() < ov.ordinal()) {
                add(o.path(), "", "VISIBILITY_WIDENED", o.path().toString(), "widened the visibility of " + o.path(),
                        word(ov), word(nv));
            }
            if (o instanceof Item.Struct os) struct(os, (Item.Struct) n);
            else if (o instanceof Item.Enum oe) enumeration(oe, (Item.Enum) n);
            String od = o instanceof Item.Struct ds ? ds.dropSymbol() : o instanceof Item.Enum de ? de.dropSymbol() : null;
            String nd = n instanceof Item.Struct ds ? ds.dropSymbol() : n instanceof Item.Enum de ? de.dropSymbol() : null;
            if ((o instanceof Item.Struct || o instanceof Item.Enum) && !java.util.Objects.equals(od, nd)) {
                add(o.path(), "drop", "DROP_GLUE_CHANGED", o.path().toString(), "changed the drop glue of " + o.path()
                        + " (vtable word 0, which the linker fills)", od == null ? "no drop glue" : "#[drop = \"" + od
                        + "\"]", nd == null ? "no drop glue" : "#[drop = \"" + nd + "\"]");
            }
            else if (o instanceof Item.Trait ot) trait(ot, (Item.Trait) n);
            else if (o instanceof Item.Function of) function(of, (Item.Function) n);
            else if (o instanceof Item.Impl oi) impl(oi, (Item.Impl) n);
            else if (o instanceof Item.TypeAlias oa) {
                Item.TypeAlias na = (Item.TypeAlias) n;
                if (!oa.target().equals(na.target()) && !covered.contains(o.path() + "|")) {
                    add(o.path(), "", "ALIAS_RESPELLED", o.path().toString(), "respelled type alias " + o.path()
                            + " (the same type through aliases)", text(oa.target()), text(na.target()));
                }
            }
            if ((o instanceof Item.Struct || o instanceof Item.Enum) && !covered.contains(o.path() + "|layout")) {
                String ol = layout(oldSolver, o.path());
                String nl = layout(newSolver, o.path());
                boolean reported = out.stream().anyMatch(c -> c.item().equals(o.path()));
                if (ol != null && nl != null && !ol.equals(nl) && !reported) {
                    add(o.path(), "layout", "LAYOUT_CHANGED", o.path().toString(), "changed the layout of " + o.path()
                            + " (a type it holds changed)", ol, nl);
                }
            }
        }
        for (Item n : neu.items()) {
            if (old.item(n.path()).isEmpty() && !covered.contains(n.path() + "|*")) {
                Change c = new Change(Verdict.COMPATIBLE, "ITEM_ADDED", n.path(), "", n.path().toString(),
                        "added " + Compatibility.kindWord(n) + " " + n.path(), "nothing", describe(n), "");
                out.add(c);
            }
        }
    }

    private void struct(Item.Struct o, Item.Struct n) {
        Set<String> oldNames = new HashSet<>();
        o.fields().forEach(f -> oldNames.add(f.name()));
        for (Field nf : n.fields()) {
            if (!oldNames.contains(nf.name())) {
                add(o.path(), nf.name(), "FIELD_ADDED", "field " + o.path() + "." + nf.name(),
                        "added field " + o.path() + "." + nf.name(), "no such field", nf.name() + ": " + text(nf.type()));
            }
        }
        for (Field of : o.fields()) {
            Field nf = n.fields().stream().filter(f -> f.name().equals(of.name())).findFirst().orElse(null);
            if (nf == null || covered.contains(o.path() + "|" + of.name())) continue;
            if (!of.type().equals(nf.type())) {
                add(o.path(), of.name(), "FIELD_TYPE_RESPELLED", "field " + o.path() + "." + of.name(),
                        "respelled the type of field " + o.path() + "." + of.name() + " (the same type through aliases)",
                        text(of.type()), text(nf.type()));
            }
            if (nf.visibility().ordinal() < of.visibility().ordinal()) {
                add(o.path(), of.name(), "VISIBILITY_WIDENED", "field " + o.path() + "." + of.name(),
                        "widened the visibility of field " + o.path() + "." + of.name(), word(of.visibility()),
                        word(nf.visibility()));
            }
        }
        List<String> oldOrder = new ArrayList<>();
        o.fields().forEach(f -> { if (n.fields().stream().anyMatch(g -> g.name().equals(f.name()))) oldOrder.add(f.name()); });
        List<String> newOrder = new ArrayList<>();
        n.fields().forEach(f -> { if (oldOrder.contains(f.name())) newOrder.add(f.name()); });
        if (!oldOrder.equals(newOrder)) {
            add(o.path(), "order", "FIELDS_REORDERED", o.path().toString(), "reordered the fields of " + o.path(),
                    String.join(", ", oldOrder), String.join(", ", newOrder));
        }
        promises(o.path(), o.repr(), o.frozen(), o.nonExhaustive(), n.repr(), n.frozen(), n.nonExhaustive());
    }

    private void enumeration(Item.Enum o, Item.Enum n) {
        Set<String> oldNames = new HashSet<>();
        o.variants().forEach(v -> oldNames.add(v.name()));
        for (Variant nv : n.variants()) {
            if (!oldNames.contains(nv.name()) && !covered.contains(o.path() + "|" + nv.name())) {
                add(o.path(), nv.name(), "VARIANT_ADDED", "variant " + o.path() + "::" + nv.name(),
                        "added variant " + o.path() + "::" + nv.name() + " to an enum clients saw as #[non_exhaustive]",
                        "no such variant", Compatibility.describe(new Item.Enum(n.path(), n.visibility(), n.repr(),
                                n.frozen(), n.nonExhaustive(), List.of(nv))).replaceFirst("^enum \\S+ \\{ (.*) \\}$", "$1"));
            }
        }
        for (Variant ov : o.variants()) {
            Variant nv = n.variants().stream().filter(v -> v.name().equals(ov.name())).findFirst().orElse(null);
            if (nv == null || covered.contains(o.path() + "|" + ov.name())) continue;
            if (!ov.equals(nv)) {
                add(o.path(), ov.name(), "VARIANT_RESPELLED", "variant " + o.path() + "::" + ov.name(),
                        "changed variant " + o.path() + "::" + ov.name() + " in a way the link accepts (an alias "
                                + "seen through, or the discriminant of an enum whose tags are markers)",
                        String.valueOf(ov), String.valueOf(nv));
            }
        }
        List<String> oldOrder = new ArrayList<>();
        o.variants().forEach(v -> { if (n.variants().stream().anyMatch(w -> w.name().equals(v.name()))) oldOrder.add(v.name()); });
        List<String> newOrder = new ArrayList<>();
        n.variants().forEach(v -> { if (oldOrder.contains(v.name())) newOrder.add(v.name()); });
        if (!oldOrder.equals(newOrder)) {
            add(o.path(), "order", "VARIANTS_REORDERED", o.path().toString(), "reordered the variants of " + o.path(),
                    String.join(", ", oldOrder), String.join(", ", newOrder));
        }
        promises(o.path(), o.repr(), o.frozen(), o.nonExhaustive(), n.repr(), n.frozen(), n.nonExhaustive());
    }

    private void promises(Path p, dev.race.steg.model.Repr or, boolean of, boolean one,
                          dev.race.steg.model.Repr nr, boolean nf, boolean nne) {
        if (!or.equals(nr) && !covered.contains(p + "|")) {
            add(p, "repr", "REPR_ADDED", p.toString(), "changed the repr of " + p + " (clients saw it resilient)",
                    Compatibility.reprText(or), Compatibility.reprText(nr));
        }
        if (!of && nf) {
            add(p, "frozen", "FROZEN_ADDED", p.toString(), "froze " + p, "not frozen", "#[frozen]");
        }
        if (one != nne) {
            add(p, "non_exhaustive", one ? "NON_EXHAUSTIVE_REMOVED" : "NON_EXHAUSTIVE_ADDED", p.toString(),
                    (one ? "removed" : "added") + " #[non_exhaustive] on " + p,
                    one ? "#[non_exhaustive]" : "exhaustive", one ? "exhaustive" : "#[non_exhaustive]");
        }
    }

    private void trait(Item.Trait o, Item.Trait n) {
        for (dev.race.steg.model.Path sp : n.supertraits()) {
            if (!o.supertraits().contains(sp)) {
                add(o.path(), sp.toString(), "SUPERTRAIT_ADDED", "supertrait " + sp + " of trait " + o.path(),
                        "added supertrait " + sp + " to trait " + o.path() + " (the linker lays out the slots and "
                                + "upcast words; an impl of the trait then needs an impl of " + sp + ")",
                        "no supertrait " + sp, sp.toString());
            }
        }
        List<dev.race.steg.model.Path> kept = new ArrayList<>(o.supertraits());
        kept.retainAll(n.supertraits());
        List<dev.race.steg.model.Path> keptNew = new ArrayList<>(n.supertraits());
        keptNew.retainAll(o.supertraits());
        if (!kept.equals(keptNew)) {
            add(o.path(), "supertraits", "SUPERTRAITS_REORDERED", o.path().toString(),
                    "reordered the supertraits of " + o.path() + " (the linker lays the slots out again)",
                    Compatibility.traitHead(o), Compatibility.traitHead(n));
        }
        Set<String> oldNames = new HashSet<>();
        o.methods().forEach(m -> oldNames.add(m.name()));
        for (TraitMethod nm : n.methods()) {
            if (!oldNames.contains(nm.name()) && !covered.contains(o.path() + "|" + nm.name())) {
                add(o.path(), nm.name(), "METHOD_ADDED", "method " + o.path() + "::" + nm.name(),
                        "added method " + o.path() + "::" + nm.name() + " with a default body (the linker fills its slot)",
                        "no such method", Compatibility.methodText(nm));
            }
        }
        for (TraitMethod om : o.methods()) {
            TraitMethod nm = n.methods().stream().filter(m -> m.name().equals(om.name())).findFirst().orElse(null);
            if (nm == null || covered.contains(o.path() + "|" + om.name())) continue;
            if (!om.equals(nm)) {
                add(o.path(), om.name(), "METHOD_RESPELLED", "method " + o.path() + "::" + om.name(),
                        "changed method " + o.path() + "::" + om.name() + " in a way the link accepts",
                        Compatibility.methodText(om), Compatibility.methodText(nm));
            }
        }
        List<String> oldOrder = new ArrayList<>();
        o.methods().forEach(m -> { if (n.methods().stream().anyMatch(x -> x.name().equals(m.name()))) oldOrder.add(m.name()); });
        List<String> newOrder = new ArrayList<>();
        n.methods().forEach(m -> { if (oldOrder.contains(m.name())) newOrder.add(m.name()); });
        List<String> oldSlots = o.methods().stream().map(TraitMethod::name).toList();
        List<String> newSlots = n.methods().stream().map(TraitMethod::name).toList();
        if (!oldOrder.equals(newOrder) || !newSlots.subList(0, Math.min(newSlots.size(), oldSlots.size())).equals(oldSlots)
                && newSlots.containsAll(oldSlots)) {
            add(o.path(), "slots", "SLOTS_MOVED", o.path().toString(), "moved the vtable slots of " + o.path(),
                    String.join(", ", oldSlots), String.join(", ", newSlots));
        }
    }

    private void function(Item.Function o, Item.Function n) {
        FnSig os = o.sig();
        FnSig ns = n.sig();
        if (!covered.contains(o.path() + "|") && !os.effects().equals(ns.effects()) && os.effects().containsAll(ns.effects())) {
            add(o.path(), "effects", "EFFECTS_NARROWED", o.path().toString(), "narrowed the effects of " + o.path(),
                    Compatibility.effectsText(os.effects()), Compatibility.effectsText(ns.effects()));
        }
        if (os.params().size() == ns.params().size()) {
            for (int i = 0; i < os.params().size(); i++) {
                Param op = os.params().get(i);
                Param np = ns.params().get(i);
                String member = "parameter " + (op.name().equals("_") ? "#" + (i + 1) : op.name());
                if (!op.name().equals(np.name())) {
                    add(o.path(), member + " name", "PARAMETER_RENAMED", member + " of " + o.path(),
                            "renamed " + member + " of " + o.path(), op.name(), np.name());
                }
                if (!op.type().equals(np.type()) && !covered.contains(o.path() + "|" + member)
                        && !covered.contains(o.path() + "|")) {
                    add(o.path(), member, "PARAMETER_TYPE_RESPELLED", member + " of " + o.path(),
                            "respelled the type of " + member + " of " + o.path() + " (the same type through aliases)",
                            text(op.type()), text(np.type()));
                }
            }
        }
        if (!os.ret().equals(ns.ret()) && !covered.contains(o.path() + "|return type")) {
            add(o.path(), "return type", "RETURN_TYPE_RESPELLED", "return type of " + o.path(),
                    "respelled the return type of " + o.path() + " (the same type through aliases)",
                    text(os.ret()), text(ns.ret()));
        }
    }

    private void impl(Item.Impl o, Item.Impl n) {
        if (!o.methods().equals(n.methods())) {
            StringJoiner a = new StringJoiner(", ");
            StringJoiner b = new StringJoiner(", ");
            o.methods().forEach(m -> a.add(implText(m)));
            n.methods().forEach(m -> b.add(implText(m)));
            add(o.path(), "methods", "IMPL_METHODS_CHANGED", o.path().name(), "changed the method symbols of "
                    + o.path().name() + " (the vtable the linker builds names the new ones)", a.toString(), b.toString());
        }
    }

    private static String implText(ImplMethod m) {
        return m.name() + " = " + m.symbol();
    }

    /**
     * A compatible change: for a plain C client too when the item's solved layout is the same in both versions (or
     * it has none), else only under RACE. Trait slots (supertraits too) and impl symbols are linker business: under
     * RACE.
     */
    private void add(Path item, String member, String kind, String subject, String what, String expected, String found) {
        if (covered.contains(item + "|layout")) {
            return; // part of a frozen layout or tag change the link refuses, reported as that
        }
        Verdict v = Verdict.COMPATIBLE;
        Item o = old.item(item).orElse(null);
        if (kind.equals("DROP_GLUE_CHANGED")) {
            v = Verdict.COMPATIBLE_UNDER_RACE; // only the RACE linker puts drop glue in a vtable
        } else if (o instanceof Item.Struct || o instanceof Item.Enum) {
            String ol = layout(oldSolver, item);
            String nl = layout(newSolver, item);
            if (ol == null || !ol.equals(nl)) v = Verdict.COMPATIBLE_UNDER_RACE;
        } else if (kind.equals("SLOTS_MOVED") || kind.equals("METHOD_ADDED") || kind.equals("IMPL_METHODS_CHANGED")
                || kind.equals("SUPERTRAIT_ADDED") || kind.equals("SUPERTRAITS_REORDERED")) {
            v = Verdict.COMPATIBLE_UNDER_RACE;
        }
        out.add(new Change(v, kind, item, member, subject, what, expected, found, ""));
    }

    private static String layout(LayoutSolver s, Path p) {
        try {
            return ContractChecker.layoutText(s, s.layout(p));
        } catch (LayoutException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String text(dev.race.steg.model.Type t) {
        return dev.race.steg.model.TypeText.of(t);
    }

    private static String describe(Item it) {
        if (it instanceof Item.Impl i) return i.path().name();
        return Compatibility.describe(it);
    }

    private static Visibility visibility(Item it) {
        if (it instanceof Item.Struct s) return s.visibility();
        if (it instanceof Item.Enum e) return e.visibility();
        if (it instanceof Item.Trait t) return t.visibility();
        if (it instanceof Item.Function f) return f.visibility();
        if (it instanceof Item.TypeAlias a) return a.visibility();
        return null;
    }

    private static String word(Visibility v) {
        return v == Visibility.PRIVATE ? "private" : v.keyword().trim();
    }
}
