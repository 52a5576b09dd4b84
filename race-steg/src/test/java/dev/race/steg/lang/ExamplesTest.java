package dev.race.steg.lang;

import dev.race.steg.model.*;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The user-facing examples in examples/ compile together: the plugin against engine 1.0 and against 2.0. */
class ExamplesTest {
    static Path examples() {
        String repo = System.getProperty("race.repo");
        if (repo != null && Files.isDirectory(Path.of(repo, "examples"))) {
            return Path.of(repo, "examples");
        }
        for (Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("examples"))) {
                return p.resolve("examples");
            }
        }
        throw new IllegalStateException("examples/ not found");
    }

    static Source read(String name) throws IOException {
        return new Source("examples/" + name, Files.readString(examples().resolve(name)));
    }

    @Test
    void pluginCompilesWithEitherEngine() throws IOException {
        for (String engine : List.of("engine-1.0.steg", "engine-2.0.steg")) {
            CompileResult r = StegCompiler.compile(List.of(read(engine), read("plugin.steg")));
            assertThat(r.diagnostics()).as(engine).isEmpty();
            assertThat(r.crates()).extracting(Crate::name).containsExactly("engine", "plugin");
            Crate plugin = r.crates().get(1);
            Item.Struct body = (Item.Struct) plugin.item(dev.race.steg.model.Path.parse("plugin::Body")).orElseThrow();
            assertThat(body.fields().get(0).type()).isEqualTo(new Type.Named(dev.race.steg.model.Path.parse("engine::Transform")));
            assertThat(body.fields().get(1).type()).isEqualTo(new Type.OptionOf(
                    new Type.Ref(false, new Type.Named(dev.race.steg.model.Path.parse("engine::Vec3")))));
            assertThat(plugin.items()).anySatisfy(it -> assertThat(it).isInstanceOf(Item.Impl.class));
            for (Crate c : r.crates()) {
                CompileResult again = StegCompiler.compile(List.of(new Source("printed", StegPrinter.print(c)), other(r, c)));
                assertThat(again.diagnostics()).isEmpty();
                assertThat(again.crates().get(0)).isEqualTo(c);
            }
        }
    }

    /** The other crate of the pair, printed, so the printed crate can resolve its references. */
    private static Source other(CompileResult r, Crate c) {
        Crate o = r.crates().get(0) == c ? r.crates().get(1) : r.crates().get(0);
        return new Source("other", StegPrinter.print(o));
    }

    @Test
    void engine2HasTheDocumentedShapes() throws IOException {
        CompileResult r = StegCompiler.compile(read("engine-2.0.steg"));
        assertThat(r.diagnostics()).isEmpty();
        Crate e = r.crates().get(0);
        assertThat(e.version()).isEqualTo(Version.of(2, 0, 0));
        Item.Struct vec3 = (Item.Struct) e.item(dev.race.steg.model.Path.parse("engine::Vec3")).orElseThrow();
        assertThat(vec3.repr().kind()).isEqualTo(Repr.Kind.C);
        assertThat(vec3.frozen()).isTrue();
        Item.Struct t = (Item.Struct) e.item(dev.race.steg.model.Path.parse("engine::Transform")).orElseThrow();
        assertThat(t.fields()).extracting(Field::name).containsExactly("layer", "scale", "pos");
        Item.Enum shape = (Item.Enum) e.item(dev.race.steg.model.Path.parse("engine::Shape")).orElseThrow();
        assertThat(shape.nonExhaustive()).isTrue();
        assertThat(shape.variants()).extracting(Variant::shape)
                .containsExactly(Shape.NAMED, Shape.NAMED, Shape.TUPLE, Shape.UNIT);
        Item.Function malloc = (Item.Function) e.item(dev.race.steg.model.Path.parse("engine::malloc")).orElseThrow();
        assertThat(malloc.external()).isTrue();
        assertThat(malloc.sig().abi()).isEqualTo("C");
        assertThat(malloc.sig().effects()).containsExactly("alloc");
        Item.Trait plugin = (Item.Trait) e.item(dev.race.steg.model.Path.parse("engine::Plugin")).orElseThrow();
        assertThat(plugin.methods().get(2).defaultSymbol()).isEqualTo("engine_plugin_priority");
    }
}
