package dev.race.link.contract;

import dev.race.format.elf.ElfObject;
import dev.race.link.api.Diagnostic;
import dev.race.link.api.SemverMode;
import dev.race.layout.TargetSpec;
import dev.race.link.pipeline.InputCrate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Constructors through nesting (docs/contracts.md, "Constructors"): an init image holds, at each by-value field, the
 * image of the field's struct. So a plugin that constructs its own {@code Body} (which holds an
 * {@code engine::Transform} by value) or an {@code engine::Holder} (which holds one in an array) leaves a field
 * added to {@code Transform} without a default zero, exactly as if it constructed the Transform itself: refused,
 * naming the constructed type. With a default it links.
 */
class NestedConstructorTest {
    static final String ENGINE_1 = """
            crate engine 1.0.0;
            pub struct Transform { pub x: i32 }
            pub struct Holder { pub ts: [Transform; 2], pub n: i32 }
            """;
    static final String PLUGIN = """
            crate plugin 1.0.0;
            pub struct Body { pub t: Option<engine::Transform>, pub mass: i32 }
            #[symbol = "plugin_images"]
            pub fn images(which: i32) -> *const u8;
            """;
    /** Reads the two init images, each through an empty asm (the marker idiom of docs/markers.md). */
    static final String PLUGIN_C = """
            extern const char __race_init_6plugin4Body[];
            extern const char __race_init_6engine6Holder[];
            static inline const void *race_const(const void *p) { __asm__("" : "+r"(p)); return p; }
            const void *plugin_images(int which) {
                return which ? race_const(__race_init_6plugin4Body) : race_const(__race_init_6engine6Holder);
            }
            """;

    @Test
    void aFieldAddedWithoutADefaultToATypeHeldByAConstructedOneIsRefused(@TempDir Path dir) throws Exception {
        ElfObject obj = ContractFixtures.gcc(dir, "plugin.o", PLUGIN_C);
        InputCrate plugin = ContractFixtures.plugin(obj, PLUGIN, ENGINE_1);
        String noDefault = ENGINE_1.replace("1.0.0", "1.1.0").replace("pub x: i32 }", "pub x: i32, pub layer: u8 }");
        List<Diagnostic> ds = ContractChecker.check(List.of(plugin,
                ContractFixtures.exportOnly("engine.rcrate", noDefault)), SemverMode.STRUCTURAL, TargetSpec.named("x86_64"));
        String head = "plugin@1.0.0 (plugin.rcrate) imports engine@1.0.0 but engine@1.1.0 (engine.rcrate) added field"
                + " engine::Transform.layer without a default to a type plugin@1.0.0 constructs: expected a default"
                + " (plugin@1.0.0 initialises ";
        assertThat(ds).as("one finding per field, through whichever constructed type reaches it first").hasSize(1);
        assertThat(ds.get(0).message()).startsWith(head).matches(".*initialises (engine::Holder|plugin::Body) from its"
                + " init image, which holds engine::Transform by value, and leaves this field zero\\), found layer: u8");
        // engine::Holder alone (an array of Transforms) is reached through the array
        ElfObject holderOnly = ContractFixtures.gcc(dir, "holder.o", """
                extern const char __race_init_6engine6Holder[];
                static inline const void *race_const(const void *p) { __asm__("" : "+r"(p)); return p; }
                const void *plugin_images(int which) { (void)which; return race_const(__race_init_6engine6Holder); }
                """);
        assertThat(ContractChecker.check(List.of(ContractFixtures.plugin(holderOnly, PLUGIN, ENGINE_1),
                ContractFixtures.exportOnly("engine.rcrate", noDefault)), SemverMode.STRUCTURAL, TargetSpec.named("x86_64")))
                .extracting(Diagnostic::message).containsExactly(head + "engine::Holder from its init image, which holds"
                        + " engine::Transform by value, and leaves this field zero), found layer: u8");
        // the plugin's own Body is reached too: with only that init marker the message names it
        ElfObject bodyOnly = ContractFixtures.gcc(dir, "body.o", """
                extern const char __race_init_6plugin4Body[];
                static inline const void *race_const(const void *p) { __asm__("" : "+r"(p)); return p; }
                const void *plugin_images(int which) { (void)which; return race_const(__race_init_6plugin4Body); }
                """);
        List<Diagnostic> body = ContractChecker.check(List.of(ContractFixtures.plugin(bodyOnly, PLUGIN, ENGINE_1),
                ContractFixtures.exportOnly("engine.rcrate", noDefault)), SemverMode.STRUCTURAL, TargetSpec.named("x86_64"));
        assertThat(body).extracting(Diagnostic::message).containsExactly(
                head + "plugin::Body from its init image, which holds engine::Transform by value, and leaves this"
                        + " field zero), found layer: u8");

        String withDefault = noDefault.replace("pub layer: u8 }", "pub layer: u8 = 3 }");
        assertThat(ContractChecker.check(List.of(plugin, ContractFixtures.exportOnly("engine.rcrate", withDefault)),
                SemverMode.STRUCTURAL, TargetSpec.named("x86_64"))).isEmpty();
    }
}
