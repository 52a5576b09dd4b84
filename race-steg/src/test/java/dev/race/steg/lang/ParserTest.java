package dev.race.steg.lang;

import dev.race.steg.model.*;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** Every construct of the language parses into exactly the expected model objects. */
class ParserTest {
    static final String EVERY_CONSTRUCT = """
            crate every 1.2.3-rc.1+build.7;
            // line comment
            /* block /* nested */ comment */
            /// doc comment
            #[repr(C, packed(2))]
            #[frozen]
            pub struct Named { pub a: u8, pub(crate) b: i128, c: Option<Box<Named>>, }
            #[repr(transparent)]
            pub(crate) struct Wrapper(pub u64);
            #[repr(align(8))]
            #[non_exhaustive]
            struct Unit;
            #[repr(C, i8)]
            pub enum E { A, B(u8, &'static str,), C { x: f32, y: [u16; 0x10] } = 5, D = -1, }
            #[repr(i64)]
            enum Hex { X = 0x10, Y = 0b11, Z = 1_000 }
            pub trait Tr {
                fn by_ref(&self) -> &str;
                fn by_mut(&mut self, app: &mut Named) effects(alloc,);
                fn by_value(self) -> Self;
                fn boxed(self: Box<Self>);
                fn assoc(x: usize) -> !;
                fn prio(&self) -> i32 = default(tr_prio);
            }
            impl Tr for Named { fn by_ref = named_by_ref; fn prio = named_prio; }
            #[symbol = "every_spawn"]
            pub fn spawn(t: &Named, w: *const u8, m: *mut (), f: fn(u8) -> bool, g: extern "C" fn(),) -> (u8,) effects(panic, alloc);
            extern fn malloc(size: usize) -> *mut u8 effects(alloc);
            pub extern "C" fn free(p: *mut u8);
            type Pair = (f32, f64);
            pub type Obj = &'a dyn Tr;
            mod inner {
                use super::Named as N;
                use crate::Tr;
                pub struct S { n: N, t: &dyn Tr, s: &[char], b: Box<str>, r: &&mut bool, u: () }
                impl Tr for &S {}
                mod deeper { struct D { s: super::S, p: self::Q } struct Q; }
            }
            """;

    private static Path p(String s) {
        return Path.parse(s);
    }

    private static Type named(String s) {
        return new Type.Named(p(s));
    }

    private static Type prim(PrimKind k) {
        return Type.prim(k);
    }

    private static Item item(Crate c, String path) {
        return c.item(p(path)).orElseThrow(() -> new AssertionError("no " + path + " in " + c.items()));
    }

    @Test
    void everyConstruct() {
        Crate c = RoundTripTest.only(StegCompiler.compile(new Source("every.steg", EVERY_CONSTRUCT)));
        assertThat(c.name()).isEqualTo("every");
        assertThat(c.version()).isEqualTo(new Version(1, 2, 3, "rc.1", "build.7"));

        assertThat(item(c, "every::Named")).isEqualTo(new Item.Struct(p("every::Named"), Visibility.PUBLIC,
                new Repr(Repr.Kind.C, 2, 0, null), true, false, Shape.NAMED, List.of(
                new Field("a", Visibility.PUBLIC, prim(PrimKind.U8)),
                new Field("b", Visibility.CRATE, prim(PrimKind.I128)),
                new Field("c", Visibility.PRIVATE, new Type.OptionOf(new Type.BoxOf(named("every::Named")))))));
        assertThat(item(c, "every::Wrapper")).isEqualTo(new Item.Struct(p("every::Wrapper"), Visibility.CRATE,
                new Repr(Repr.Kind.TRANSPARENT, 0, 0, null), false, false, Shape.TUPLE,
                List.of(new Field("0", Visibility.PUBLIC, prim(PrimKind.U64)))));
        assertThat(item(c, "every::Unit")).isEqualTo(new Item.Struct(p("every::Unit"), Visibility.PRIVATE,
                new Repr(Repr.Kind.RUST, 0, 8, null), false, true, Shape.UNIT, List.of()));

        assertThat(item(c, "every::E")).isEqualTo(new Item.Enum(p("every::E"), Visibility.PUBLIC,
                new Repr(Repr.Kind.C, 0, 0, PrimKind.I8), false, false, List.of(
                new Variant("A", Shape.UNIT, List.of(), null),
                new Variant("B", Shape.TUPLE, List.of(new Field("0", Visibility.PUBLIC, prim(PrimKind.U8)),
                        new Field("1", Visibility.PUBLIC, new Type.Ref(false, Type.STR))), null),
                new Variant("C", Shape.NAMED, List.of(new Field("x", Visibility.PUBLIC, prim(PrimKind.F32)),
                        new Field("y", Visibility.PUBLIC, new Type.Array(prim(PrimKind.U16), 16))), BigInteger.valueOf(5)),
                new Variant("D", Shape.UNIT, List.of(), BigInteger.valueOf(-1)))));
        Item.Enum hex = (Item.Enum) item(c, "every::Hex");
        assertThat(hex.repr().intType()).isEqualTo(PrimKind.I64);
        assertThat(hex.variants()).extracting(Variant::discriminant)
                .containsExactly(BigInteger.valueOf(16), BigInteger.valueOf(3), BigInteger.valueOf(1000));

        Item.Trait tr = (Item.Trait) item(c, "every::Tr");
        assertThat(tr.visibility()).isEqualTo(Visibility.PUBLIC);
        assertThat(tr.methods()).containsExactly(
                new TraitMethod("by_ref", new FnSig("Rust", List.of(new Param("self", new Type.Ref(false, Type.SELF))),
                        new Type.Ref(false, Type.STR), effects()), null),
                new TraitMethod("by_mut", new FnSig("Rust", List.of(new Param("self", new Type.Ref(true, Type.SELF)),
                        new Param("app", new Type.Ref(true, named("every::Named")))), Type.UNIT, effects("alloc")), null),
                new TraitMethod("by_value", new FnSig("Rust", List.of(new Param("self", Type.SELF)), Type.SELF, effects()), null),
                new TraitMethod("boxed", new FnSig("Rust", List.of(new Param("self", new Type.BoxOf(Type.SELF))),
                        Type.UNIT, effects()), null),
                new TraitMethod("assoc", new FnSig("Rust", List.of(new Param("x", prim(PrimKind.USIZE))),
                        prim(PrimKind.NEVER), effects()), null),
                new TraitMethod("prio", new FnSig("Rust", List.of(new Param("self", new Type.Ref(false, Type.SELF))),
                        prim(PrimKind.I32), effects()), "tr_prio"));

        Path implPath = Item.Impl.pathFor(p("every"), p("every::Tr"), "every::Named");
        assertThat(implPath.toString()).isEqualTo("every::impl every::Tr for every::Named");
        assertThat(c.item(implPath)).contains(new Item.Impl(implPath, p("every::Tr"), named("every::Named"),
                List.of(new ImplMethod("by_ref", "named_by_ref"), new ImplMethod("prio", "named_prio"))));

        assertThat(item(c, "every::spawn")).isEqualTo(new Item.Function(p("every::spawn"), Visibility.PUBLIC,
                "every_spawn", false, new FnSig("Rust", List.of(
                new Param("t", new Type.Ref(false, named("every::Named"))),
                new Param("w", new Type.RawPtr(false, prim(PrimKind.U8))),
                new Param("m", new Type.RawPtr(true, Type.UNIT)),
                new Param("f", new Type.FnPtr("Rust", List.of(prim(PrimKind.U8)), prim(PrimKind.BOOL))),
                new Param("g", new Type.FnPtr("C", List.of(), Type.UNIT))),
                new Type.Tuple(List.of(prim(PrimKind.U8))), effects("alloc", "panic"))));
        assertThat(item(c, "every::malloc")).isEqualTo(new Item.Function(p("every::malloc"), Visibility.PRIVATE,
                "malloc", true, new FnSig("C", List.of(new Param("size", prim(PrimKind.USIZE))),
                new Type.RawPtr(true, prim(PrimKind.U8)), effects("alloc"))));
        Item.Function free = (Item.Function) item(c, "every::free");
        assertThat(free.external()).isTrue();
        assertThat(free.sig().abi()).isEqualTo("C");
        assertThat(free.sig().ret()).isEqualTo(Type.UNIT);

        assertThat(item(c, "every::Pair")).isEqualTo(new Item.TypeAlias(p("every::Pair"), Visibility.PRIVATE,
                new Type.Tuple(List.of(prim(PrimKind.F32), prim(PrimKind.F64)))));
        assertThat(item(c, "every::Obj")).isEqualTo(new Item.TypeAlias(p("every::Obj"), Visibility.PUBLIC,
                new Type.Ref(false, new Type.Dyn(p("every::Tr")))));

        assertThat(item(c, "every::inner::S")).isEqualTo(new Item.Struct(p("every::inner::S"), Visibility.PUBLIC,
                Repr.DEFAULT, false, false, Shape.NAMED, List.of(
                new Field("n", Visibility.PRIVATE, named("every::Named")),
                new Field("t", Visibility.PRIVATE, new Type.Ref(false, new Type.Dyn(p("every::Tr")))),
                new Field("s", Visibility.PRIVATE, new Type.Ref(false, new Type.Slice(prim(PrimKind.CHAR)))),
                new Field("b", Visibility.PRIVATE, new Type.BoxOf(Type.STR)),
                new Field("r", Visibility.PRIVATE, new Type.Ref(false, new Type.Ref(true, prim(PrimKind.BOOL)))),
                new Field("u", Visibility.PRIVATE, Type.UNIT))));
        Path inImpl = Item.Impl.pathFor(p("every::inner"), p("every::Tr"), "&every::inner::S");
        assertThat(c.item(inImpl)).isPresent();
        Item.Struct d = (Item.Struct) item(c, "every::inner::deeper::D");
        assertThat(d.fields()).extracting(Field::type).containsExactly(named("every::inner::S"),
                named("every::inner::deeper::Q"));
        // items keep declaration order, modules flattened in place; `use` is not kept
        assertThat(c.items()).extracting(it -> it.path().name()).containsExactly("Named", "Wrapper", "Unit", "E",
                "Hex", "Tr", "impl every::Tr for every::Named", "spawn", "malloc", "free", "Pair", "Obj", "S",
                "impl every::Tr for &every::inner::S", "D", "Q");
    }

    private static TreeSet<String> effects(String... e) {
        return new TreeSet<>(List.of(e));
    }

    @Test
    void crossCrateResolutionAndUseAliases() {
        String engine = "crate engine 2.0.0;\npub mod math { pub struct Vec3 { x: f32 } }\npub trait Plugin { fn name(&self) -> &str; }\n";
        String plugin = "crate plugin 0.1.0;\nuse engine::math::Vec3 as V;\nuse engine::math;\n"
                + "struct A { a: V, b: math::Vec3, c: engine::math::Vec3, d: ::engine::math::Vec3, e: &dyn engine::Plugin }\n"
                + "impl engine::Plugin for A { fn name = a_name; }\n";
        CompileResult r = StegCompiler.compile(List.of(new Source("plugin.steg", plugin), new Source("engine.steg", engine)));
        assertThat(r.diagnostics()).isEmpty();
        assertThat(r.crates()).extracting(Crate::name).containsExactly("plugin", "engine");
        Item.Struct a = (Item.Struct) r.crates().get(0).items().get(0);
        assertThat(a.fields()).extracting(Field::type).containsExactly(named("engine::math::Vec3"),
                named("engine::math::Vec3"), named("engine::math::Vec3"), named("engine::math::Vec3"),
                new Type.Ref(false, new Type.Dyn(p("engine::Plugin"))));
        assertThat(r.crates().get(0).items().get(1).path())
                .isEqualTo(p("plugin").child("impl engine::Plugin for plugin::A"));
    }

    @Test
    void sameCrateTwiceIsAnErrorAtTheSecondHeader() {
        CompileResult r = StegCompiler.compile(List.of(new Source("a.steg", "crate x 1.0.0;\nstruct A;\n"),
                new Source("b.steg", "crate x 1.0.1;\nstruct B;\n")));
        assertThat(r.crates()).extracting(Crate::name).containsExactly("x");
        assertThat(r.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.file()).isEqualTo("b.steg");
            assertThat(d.line()).isEqualTo(1);
            assertThat(d.column()).isEqualTo(7);
            assertThat(d.message()).contains("crate `x` is declared by two sources");
        });
    }

    @Test
    void duplicateEffectIsOnlyAWarning() {
        CompileResult r = StegCompiler.compile(new Source("w.steg", "crate w 1.0.0;\nfn f() effects(io, io);\n"));
        assertThat(r.hasErrors()).isFalse();
        assertThat(r.crates()).hasSize(1);
        assertThat(r.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.severity()).isEqualTo(Severity.WARNING);
            assertThat(d.render()).startsWith("w.steg:2:20: warning: duplicate effect `io`");
        });
    }

    @Test
    void caretKeepsTabsSoItLinesUp() {
        CompileResult r = StegCompiler.compile(new Source("t.steg", "crate t 1.0.0;\nstruct A {\n\t\tx: Nope,\n}\n"));
        assertThat(r.diagnostics()).singleElement().satisfies(d ->
                assertThat(d.render()).isEqualTo("t.steg:3:6: error: unknown type `Nope`\n\t\tx: Nope,\n\t\t   ^"));
    }

    @Test
    void printerUsesCrateRelativeAndGlobalPaths() {
        String engine = "crate engine 1.0.0;\npub struct T;\n";
        String app = "crate app 1.0.0;\nmod engine { pub struct In; }\nstruct Local { t: ::engine::T, i: engine::In }\n";
        CompileResult r = StegCompiler.compile(List.of(new Source("app", app), new Source("engine", engine)));
        assertThat(r.diagnostics()).isEmpty();
        String printed = StegPrinter.print(r.crates().get(0));
        assertThat(printed).isEqualTo("""
                crate app 1.0.0;

                mod engine {
                    pub struct In;
                }

                struct Local {
                    t: ::engine::T,
                    i: crate::engine::In,
                }
                """);
    }
}
