package dev.race.link.pipeline;

import dev.race.link.LinkResult;
import dev.race.link.testing.Workspace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.race.link.testing.Workspace.rendered;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Trait objects across crates: the engine calls a plugin through {@code dyn engine::Plugin}, reaching each method
 * through a {@code __race_slot_} marker; the plugin hands out its vtable through a {@code __race_vtbl_} marker; the
 * linker synthesizes the vtable, filling {@code priority} from the trait's default body through a trampoline.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class VtableLinkTest {
    public static final String ENGINE_STEG = """
            crate engine 1.0.0;
            pub trait Plugin {
                fn name(&self) -> i64;
                fn build(&mut self, x: i64) -> i64;
                fn priority(&self) -> i64 = default(engine_default_priority);
            }
            pub fn run_plugin(p: &mut dyn Plugin) -> i64;
            pub fn print_num(v: i64);
            """;
    public static final String ENGINE_C = Workspace.RUNTIME_C + """
            extern const char __race_slot_6engine6Plugin_4name[];
            extern const char __race_slot_6engine6Plugin_5build[];
            extern const char __race_slot_6engine6Plugin_8priority[];
            #define SLOT(vt, m) (*(void **)((char *)(vt) + (unsigned long)(m)))
            typedef long (*name_fn)(void *);
            typedef long (*build_fn)(void *, long);
            /* a default body: self's data pointer and vtable, then the method's arguments */
            long engine_default_priority(void *self, void **vtable) {
                return ((name_fn)SLOT(vtable, __race_slot_6engine6Plugin_4name))(self) * 10;
            }
            long run_plugin(void *data, void **vtable) {
                print_num(((name_fn)SLOT(vtable, __race_slot_6engine6Plugin_4name))(data));
                print_num(((build_fn)SLOT(vtable, __race_slot_6engine6Plugin_5build))(data, 5));
                print_num(((name_fn)SLOT(vtable, __race_slot_6engine6Plugin_8priority))(data));
                print_num((long)vtable[1]); /* size of the concrete type */
                print_num((long)vtable[2]); /* its alignment */
                return 0;
            }
            """;
    public static final String PLUGIN_STEG = """
            crate plugin 1.0.0;
            pub struct Physics { gravity: i64, spin: u8 }
            impl engine::Plugin for Physics { fn name = physics_name; fn build = physics_build; }
            pub fn main() -> i32;
            """;
    public static final String PLUGIN_C = """
            extern const char __race_vtbl_6engine6Plugin_6plugin7Physics[];
            extern const char __race_off_6plugin7Physics_7gravity[];
            long run_plugin(void *data, const void *vtable);
            long physics_name(void *self) { (void)self; return 7; }
            long physics_build(void *self, long x) {
                return x + *(long *)((char *)self + (unsigned long)__race_off_6plugin7Physics_7gravity);
            }
            static long physics[4];
            int main(void) {
                *(long *)((char *)physics + (unsigned long)__race_off_6plugin7Physics_7gravity) = 30;
                return (int)run_plugin(physics, __race_vtbl_6engine6Plugin_6plugin7Physics);
            }
            """;

    Workspace ws;
    Path engine;
    Path pluginNoPic;
    Path pluginPie;

    @BeforeAll
    void build(@TempDir Path tmp) throws Exception {
        ws = new Workspace(tmp);
        Path es = ws.write("engine.steg", ENGINE_STEG);
        Path ps = ws.write("plugin.steg", PLUGIN_STEG);
        engine = ws.pack("engine.rcrate", es, List.of(), ws.cc("engine", ENGINE_C, Workspace.NO_PIC));
        pluginNoPic = ws.pack("plugin.rcrate", ps, List.of(es), ws.cc("plugin", PLUGIN_C, Workspace.NO_PIC));
        pluginPie = ws.pack("plugin-pie.rcrate", ps, List.of(es), ws.cc("plugin-pie", PLUGIN_C, Workspace.PIE));
    }

    @Test
    void theEngineCallsThePluginThroughTheSynthesizedVtable() throws Exception {
        for (Path plugin : List.of(pluginNoPic, pluginPie)) {
            String name = "app-" + plugin.getFileName();
            LinkResult r = ws.link(name, engine, plugin);
            assertThat(r.ok()).as(rendered(r)).isTrue();
            Workspace.Ran ran = ws.run(ws.dir.resolve(name));
            // name, build(5) with gravity 30, priority from the default body (name * 10), size 16, align 8
            assertThat(ran.out()).isEqualTo("7\n35\n70\n16\n8\n");
        }
    }

    @Test
    void theVtableAndTrampolineAreInTheSymbolTable() throws Exception {
        LinkResult r = ws.link("app-syms", engine, pluginNoPic);
        assertThat(r.ok()).as(rendered(r)).isTrue();
        String syms = ws.exec("readelf", "-W", "-s", ws.dir.resolve("app-syms").toString());
        assertThat(syms).contains("__race_vtbl_6engine6Plugin_6plugin7Physics");
        String dis = ws.exec("objdump", "-d", ws.dir.resolve("app-syms").toString());
        assertThat(dis).contains("jmp").contains("<engine_default_priority>");
    }

    @Test
    void aMissingMethodWithoutDefaultIsRefused() throws Exception {
        Path es = ws.write("engine-strict.steg", ENGINE_STEG.replace(" = default(engine_default_priority)", ""));
        Path eng = ws.pack("engine-strict.rcrate", es, List.of(), ws.cc("engine-strict", ENGINE_C, Workspace.NO_PIC));
        LinkResult r = ws.link("app-strict", eng, pluginNoPic);
        assertThat(r.ok()).isFalse();
        // the contract check sees it first: the plugin relied on the default body the engine no longer has
        assertThat(rendered(r)).contains("changed method engine::Plugin::priority",
                "expected: fn priority(&self) -> i64 = default(engine_default_priority)");
        assertThat(ws.dir.resolve("app-strict")).doesNotExist();
    }
}
