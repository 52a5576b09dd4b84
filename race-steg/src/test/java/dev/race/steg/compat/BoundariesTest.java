package dev.race.steg.compat;

import dev.race.steg.compat.Mismatch.Kind;
import dev.race.steg.lang.CompileResult;
import dev.race.steg.lang.Source;
import dev.race.steg.lang.StegCompiler;
import dev.race.steg.model.Crate;
import dev.race.steg.model.Item;
import dev.race.steg.model.Path;
import dev.race.steg.model.Repr;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules of one crate's declarations: resilient types behind pointers at boundaries, frozen holds frozen. */
class BoundariesTest {
    static final String ENGINE = """
            crate engine 1.0.0;
            pub struct T { pub a: i32, pub b: i32 }
            #[repr(C)] pub struct C { pub x: u8 }
            #[repr(C)] #[frozen] pub struct F { pub x: f32 }
            pub enum E { A, B(i32) }
            #[frozen] #[repr(u8)] pub enum Mode { Off, On }
            pub type Alias = T;
            pub type Cb = extern "C" fn(*mut T, F) -> i32;
            pub struct Holder { pub cb: extern "C" fn(T), pub ok: fn(&T) -> F }
            pub trait Plugin {
                fn by_ref(&self, t: &T, m: &mut E, b: Box<T>, p: *const C) -> *mut T;
                fn by_value(&self, t: T) -> E;
                fn own(self) -> Mode;
            }
            #[symbol = "fine"] pub fn fine(t: &T, f: F, m: Mode, x: u64, o: Option<&T>, arr: [F; 2]) -> F;
            #[symbol = "take"] pub fn take(t: T) -> i32;
            #[symbol = "give"] pub fn give() -> E;
            #[symbol = "tuple"] pub fn tuple(p: (u8, T));
            #[symbol = "array"] pub fn array(a: [C; 4]);
            #[symbol = "opt"] pub fn opt(o: Option<E>);
            #[symbol = "alias"] pub fn alias(a: Alias);
            #[symbol = "cb"] pub fn cb(f: extern "C" fn(&T) -> T);
            """;

    static List<Crate> steg(String... texts) {
        List<Source> ss = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) ss.add(new Source("s" + i + ".steg", texts[i]));
        CompileResult r = StegCompiler.compile(ss);
        assertThat(r.hasErrors()).as("%s", r.diagnostics()).isFalse();
        return r.crates();
    }

    static List<String> lines(List<Mismatch> ms) {
        return ms.stream().map(m -> m.kind() + " " + Boundaries.phrase(m) + ": expected " + m.expected() + ", found "
                + m.found()).toList();
    }

    @Test
    void aResilientTypeCrossesOnlyBehindAPointerOrFrozen() {
        Crate engine = steg(ENGINE).get(0);
        String e = "RESILIENT_BY_VALUE passes a resilient type by value in ";
        assertThat(lines(Boundaries.check(engine, List.of()))).containsExactly(
                e + "parameter #1 of the fn pointer in field cb of engine::Holder: expected &engine::T (or engine::T "
                        + "#[frozen]), found engine::T by value",
                e + "parameter t of method by_value of engine::Plugin: expected &engine::T (or engine::T #[frozen]), "
                        + "found engine::T by value",
                e + "return type of method by_value of engine::Plugin: expected &engine::E (or engine::E #[frozen]), "
                        + "found engine::E by value",
                e + "parameter t of engine::take: expected &engine::T (or engine::T #[frozen]), found engine::T by value",
                e + "return type of engine::give: expected &engine::E (or engine::E #[frozen]), found engine::E by value",
                e + "parameter p of engine::tuple: expected &(u8, engine::T) (or engine::T #[frozen]), found "
                        + "(u8, engine::T) by value",
                e + "parameter a of engine::array: expected &[engine::C; 4] (or engine::C #[frozen]), found "
                        + "[engine::C; 4] by value",
                e + "parameter o of engine::opt: expected &Option<engine::E> (or engine::E #[frozen]), found "
                        + "Option<engine::E> by value",
                e + "parameter a of engine::alias: expected &engine::Alias (or engine::T #[frozen]), found "
                        + "engine::Alias by value",
                e + "return type of the fn pointer in parameter f of engine::cb: expected &engine::T (or engine::T "
                        + "#[frozen]), found engine::T by value");
        Mismatch take = Boundaries.byValue(engine, List.of()).stream()
                .filter(m -> m.item().equals(Path.parse("engine::take"))).findFirst().orElseThrow();
        assertThat(Boundaries.hint(take)).endsWith("take &engine::T (or &mut, Box<..>, a raw pointer) or mark "
                + "engine::T #[frozen]");
    }

    @Test
    void anotherCratesTypesAreResolvedInTheContext() {
        List<Crate> cs = steg("""
                crate plugin 1.0.0;
                pub fn run(t: engine::T, f: engine::F, m: &engine::E);
                """, ENGINE);
        assertThat(lines(Boundaries.check(cs.get(0), List.of(cs.get(1))))).containsExactly(
                "RESILIENT_BY_VALUE passes a resilient type by value in parameter t of plugin::run: expected &engine::T "
                        + "(or engine::T #[frozen]), found engine::T by value");
        // without the context nothing is known about engine::T: the compiler refused what it could not resolve
        assertThat(Boundaries.check(cs.get(0), List.of())).isEmpty();
    }

    @Test
    void aFrozenTypeHoldingAResilientOneIsFoundInACrateTheCompilerDidNotCheck() {
        // the compiler refuses this, so build the crate by hand: a frozen struct over the resilient T
        Crate engine = steg(ENGINE).get(0);
        List<Item> items = new ArrayList<>();
        for (Item it : engine.items()) {
            if (it instanceof Item.Struct s && s.path().name().equals("Holder")) {
                items.add(new Item.Struct(s.path(), s.visibility(), Repr.DEFAULT, true, false, s.shape(),
                        List.of(new dev.race.steg.model.Field("t", s.fields().get(0).visibility(),
                                new dev.race.steg.model.Type.Array(new dev.race.steg.model.Type.Named(
                                        Path.parse("engine::T")), 2)))));
            } else if (!(it instanceof Item.Function || it instanceof Item.Trait || it instanceof Item.TypeAlias)) {
                items.add(it);
            }
        }
        Crate crafted = new Crate("engine", engine.version(), items);
        List<Mismatch> ms = Boundaries.check(crafted, List.of());
        assertThat(ms).extracting(Mismatch::kind).containsExactly(Kind.FROZEN_HOLDS_RESILIENT);
        assertThat(Boundaries.phrase(ms.get(0))).isEqualTo("holds a resilient type by value in field engine::Holder.t "
                + "of frozen engine::Holder");
        assertThat(ms.get(0).found()).isEqualTo("[engine::T; 2], and engine::T is not #[frozen]");
        assertThat(Boundaries.byValue(crafted, List.of())).isEmpty();
    }
}
