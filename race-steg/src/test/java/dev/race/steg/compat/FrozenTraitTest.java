package dev.race.steg.compat;

import dev.race.steg.compat.Mismatch.Kind;
import dev.race.steg.lang.CompileResult;
import dev.race.steg.lang.Diagnostic;
import dev.race.steg.lang.Source;
import dev.race.steg.lang.StegCompiler;
import dev.race.steg.model.Crate;
import dev.race.steg.model.Path;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code #[frozen]} traits: callers compiled their slots as constants, so a frozen trait may only gain methods at its
 * end (docs/vtables.md, "Frozen traits"); a frozen trait's supertraits must be frozen too.
 */
class FrozenTraitTest {
    static final String BASE = """
            crate engine 1.0.0;
            #[frozen]
            pub trait Base {
                fn id(&self) -> u32;
            }
            #[frozen]
            pub trait Codec: Base {
                fn encode(&self, x: i32) -> i32;
                fn decode(&self, x: i32) -> i32;
                fn reset(&mut self) = default(engine_codec_reset);
            }
            """;

    static Crate compile(String text) {
        CompileResult r = StegCompiler.compile(new Source("engine.steg", text));
        assertThat(r.hasErrors()).as("%s", r.diagnostics()).isFalse();
        return r.crates().get(0);
    }

    static List<Mismatch> against(String from, String to) {
        assertThat(BASE).contains(from);
        return Compatibility.compare(compile(BASE), compile(BASE.replace(from, to)));
    }

    static final Path CODEC = Path.parse("engine::Codec");
    static final String S = " (its supertraits' methods counted first)";

    @Test
    void aMethodAppendedToAFrozenSupertraitMovesTheSubtraitsSlots() {
        assertThat(against("    fn id(&self) -> u32;\n", "    fn id(&self) -> u32;\n    fn kind(&self) -> u8 = default(engine_kind);\n"))
                .as("Base may append (its own slots stay), but Codec's own methods come after Base's in its vtable")
                .containsExactly(
                        new Mismatch(Kind.FROZEN_SLOT_MOVED, CODEC, "encode", "method 2 of frozen engine::Codec" + S, "method 3"),
                        new Mismatch(Kind.FROZEN_SLOT_MOVED, CODEC, "decode", "method 3 of frozen engine::Codec" + S, "method 4"),
                        new Mismatch(Kind.FROZEN_SLOT_MOVED, CODEC, "reset", "method 4 of frozen engine::Codec" + S, "method 5"));
    }

    @Test
    void methodsAppendedAtTheEndKeepEverySlot() {
        assertThat(against("fn reset(&mut self) = default(engine_codec_reset);\n",
                "fn reset(&mut self) = default(engine_codec_reset);\n    fn flush(&self) = default(engine_codec_flush);\n"))
                .isEmpty();
    }

    @Test
    void aMethodInsertedBeforeOthersMovesTheirSlots() {
        assertThat(against("    fn encode(&self, x: i32) -> i32;\n",
                "    fn level(&self) -> u8 = default(engine_codec_level);\n    fn encode(&self, x: i32) -> i32;\n"))
                .containsExactly(
                        new Mismatch(Kind.FROZEN_SLOT_MOVED, CODEC, "encode", "method 2 of frozen engine::Codec" + S, "method 3"),
                        new Mismatch(Kind.FROZEN_SLOT_MOVED, CODEC, "decode", "method 3 of frozen engine::Codec" + S, "method 4"),
                        new Mismatch(Kind.FROZEN_SLOT_MOVED, CODEC, "reset", "method 4 of frozen engine::Codec" + S, "method 5"));
    }

    @Test
    void reorderedMethodsMove() {
        List<Mismatch> m = against("    fn encode(&self, x: i32) -> i32;\n    fn decode(&self, x: i32) -> i32;\n",
                "    fn decode(&self, x: i32) -> i32;\n    fn encode(&self, x: i32) -> i32;\n");
        assertThat(m).extracting(Mismatch::kind, Mismatch::member).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Kind.FROZEN_SLOT_MOVED, "encode"),
                org.assertj.core.groups.Tuple.tuple(Kind.FROZEN_SLOT_MOVED, "decode"));
        assertThat(m.get(0).subject()).isEqualTo("method engine::Codec::encode");
    }

    @Test
    void aRemovedMethodIsMissingAndMovesTheRest() {
        assertThat(against("    fn encode(&self, x: i32) -> i32;\n", ""))
                .extracting(Mismatch::kind, Mismatch::member).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Kind.FROZEN_SLOT_MOVED, "decode"),
                        org.assertj.core.groups.Tuple.tuple(Kind.FROZEN_SLOT_MOVED, "reset"),
                        org.assertj.core.groups.Tuple.tuple(Kind.TRAIT_METHOD_MISSING, "encode"));
    }

    @Test
    void unfreezingAndChangingSupertraitsAreRefused() {
        assertThat(against("#[frozen]\npub trait Codec", "pub trait Codec"))
                .containsExactly(new Mismatch(Kind.FROZEN_CHANGED, CODEC, "#[frozen]", "not frozen"));
        assertThat(against("pub trait Codec: Base {", "pub trait Codec {"))
                .contains(new Mismatch(Kind.FROZEN_SLOT_MOVED, CODEC, "", "supertraits engine::Base", "no supertraits"));
    }

    @Test
    void aTraitTheViewSawResilientMayInsertMethods() {
        String resilient = BASE.replace("#[frozen]\npub trait Codec", "pub trait Codec");
        Crate view = compile(resilient);
        Crate export = compile(resilient.replace("    fn encode(&self, x: i32) -> i32;\n",
                "    fn level(&self) -> u8 = default(engine_codec_level);\n    fn encode(&self, x: i32) -> i32;\n"));
        assertThat(Compatibility.compare(view, export)).isEmpty();
        assertThat(Compatibility.compare(view, compile(BASE))).as("freezing later is a promise the view did not rely on")
                .isEmpty();
    }

    @Test
    void aFrozenTraitsSupertraitsMustBeFrozen() {
        CompileResult r = StegCompiler.compile(new Source("engine.steg", BASE.replace("#[frozen]\npub trait Base", "pub trait Base")));
        assertThat(r.diagnostics()).extracting(Diagnostic::render).containsExactly("""
                engine.steg:6:18: error: supertrait `engine::Base` of #[frozen] trait `engine::Codec` is not #[frozen]: \
                a frozen trait's slots follow its supertraits' methods, so a method added to `engine::Base` would move \
                them; mark `engine::Base` #[frozen] too
                pub trait Codec: Base {
                                 ^""");
    }
}
