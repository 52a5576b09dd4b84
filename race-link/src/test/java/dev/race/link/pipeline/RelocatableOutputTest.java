package dev.race.link.pipeline;

import dev.race.link.LinkResult;
import dev.race.link.api.OutputKind;
import dev.race.link.testing.Workspace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.race.link.testing.Workspace.rendered;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --emit relocatable}: the engine and the plugin become one object with every layout constant and vtable
 * resolved, which gcc then links with libc (printf) and the C runtime. The program's output is the oracle.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RelocatableOutputTest {
    static final String ENGINE_STEG = """
            crate engine 2.0.0;
            #[repr(C)]
            pub struct Vec3 { pub x: i32, pub y: i32, pub z: i32 }
            pub struct Transform { pub layer: u8, pub scale: i32, pub pos: Vec3 }
            pub trait Plugin {
                fn name(&self) -> i64;
                fn priority(&self) -> i64 = default(engine_default_priority);
            }
            pub fn transform_init(t: &mut Transform, y: i32, scale: i32);
            pub fn transform_show(t: &Transform);
            pub fn run_plugin(p: &dyn Plugin);
            """;
    static final String ENGINE_C = """
            #include <stdio.h>
            extern const char __race_off_6engine9Transform_3pos1y[];
            extern const char __race_off_6engine9Transform_5scale[];
            extern const char __race_off_6engine9Transform_5layer[];
            extern const char __race_slot_6engine6Plugin_4name[];
            extern const char __race_slot_6engine6Plugin_8priority[];
            #define F(T, b, m) (*(T *)((char *)(b) + (unsigned long)(m)))
            #define SLOT(vt, m) (*(long (**)(const void *))((char *)(vt) + (unsigned long)(m)))
            static int shown;
            void transform_init(void *t, int y, int scale) {
                F(int, t, __race_off_6engine9Transform_3pos1y) = y;
                F(int, t, __race_off_6engine9Transform_5scale) = scale;
                F(unsigned char, t, __race_off_6engine9Transform_5layer) = 4;
            }
            void transform_show(const void *t) {
                printf("show %d: y=%d scale=%d layer=%d\\n", ++shown, F(int, t, __race_off_6engine9Transform_3pos1y),
                       F(int, t, __race_off_6engine9Transform_5scale),
                       F(unsigned char, t, __race_off_6engine9Transform_5layer));
            }
            long engine_default_priority(const void *self, const void *vtable) {
                return SLOT(vtable, __race_slot_6engine6Plugin_4name)(self) + 100;
            }
            void run_plugin(const void *data, const void *vtable) {
                printf("plugin %ld priority %ld\\n", SLOT(vtable, __race_slot_6engine6Plugin_4name)(data),
                       SLOT(vtable, __race_slot_6engine6Plugin_8priority)(data));
            }
            """;
    static final String PLUGIN_STEG = """
            crate plugin 1.0.0;
            use engine::Transform;
            pub struct Body { pub mass: i32, pub transform: Transform }
            pub struct Gadget { id: i64 }
            impl engine::Plugin for Gadget { fn name = gadget_name; }
            pub fn main() -> i32;
            """;
    static final String PLUGIN_C = """
            #include <stdio.h>
            #include <stdlib.h>
            extern const char __race_off_6plugin4Body_9transform[];
            extern const char __race_off_6plugin4Body_4mass[];
            extern const char __race_off_6engine9Transform_3pos1y[];
            extern const char __race_size_6plugin4Body[];
            extern const char __race_vtbl_6engine6Plugin_6plugin6Gadget[];
            #define F(T, b, m) (*(T *)((char *)(b) + (unsigned long)(m)))
            void transform_init(void *t, int y, int scale);
            void transform_show(const void *t);
            void run_plugin(const void *data, const void *vtable);
            long gadget_name(const void *self) { return *(const long *)self; }
            int main(void) {
                char *body = calloc(1, (unsigned long)__race_size_6plugin4Body);
                char *t = body + (unsigned long)__race_off_6plugin4Body_9transform;
                transform_init(t, 10, 3);
                F(int, t, __race_off_6engine9Transform_3pos1y) += 5;
                F(int, body, __race_off_6plugin4Body_4mass) = 80;
                transform_show(t);
                printf("mass %d size %lu\\n", F(int, body, __race_off_6plugin4Body_4mass),
                       (unsigned long)__race_size_6plugin4Body);
                static long gadget = 42;
                run_plugin(&gadget, __race_vtbl_6engine6Plugin_6plugin6Gadget);
                free(body);
                return 0;
            }
            """;
    static final String EXPECTED = "show 1: y=15 scale=3 layer=4\nmass 80 size 24\nplugin 42 priority 142\n";

    Workspace ws;
    Path engineSteg;
    Path pluginSteg;

    @BeforeAll
    void build(@TempDir Path tmp) throws Exception {
        ws = new Workspace(tmp);
        engineSteg = ws.write("engine.steg", ENGINE_STEG);
        pluginSteg = ws.write("plugin.steg", PLUGIN_STEG);
    }

    private Path relocatable(String name, List<String> flags) throws Exception {
        Path e = ws.pack(name + "-engine.rcrate", engineSteg, List.of(), ws.cc(name + "-engine", ENGINE_C, flags));
        Path p = ws.pack(name + "-plugin.rcrate", pluginSteg, List.of(engineSteg),
                ws.cc(name + "-plugin", PLUGIN_C, flags));
        LinkResult r = ws.link(name + ".o", b -> b.outputKind(OutputKind.RELOCATABLE), e, p);
        assertThat(r.ok()).as(rendered(r)).isTrue();
        return ws.dir.resolve(name + ".o");
    }

    @Test
    void aNoPicLinkFinishedByGccRunsWithLibc() throws Exception {
        Path o = relocatable("nopic", List.of("-O2", "-fno-pic"));
        String relocs = ws.exec("readelf", "-W", "-r", o.toString());
        assertThat(relocs).contains("printf").doesNotContain("__race_off_").doesNotContain("__race_slot_")
                .doesNotContain("__race_size_");
        ws.exec("gcc", "-no-pie", o.toString(), "-o", ws.dir.resolve("nopic").toString());
        assertThat(ws.run(ws.dir.resolve("nopic")).out()).isEqualTo(EXPECTED);
    }

    @Test
    void aPieLinkFinishedByGccAsAPieRunsWithLibc() throws Exception {
        Path o = relocatable("pie", List.of("-O2"));
        ws.exec("gcc", o.toString(), "-o", ws.dir.resolve("pie").toString());
        assertThat(ws.exec("readelf", "-h", ws.dir.resolve("pie").toString())).contains("DYN");
        assertThat(ws.run(ws.dir.resolve("pie")).out()).isEqualTo(EXPECTED);
    }

    @Test
    void theObjectIsDeterministicAndGnuLdAcceptsIt() throws Exception {
        Path a = relocatable("det-a", List.of("-O2", "-fno-pic"));
        Path b = relocatable("det-b", List.of("-O2", "-fno-pic"));
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
        List<String> cmd = new ArrayList<>(List.of("ld", "-r", a.toString(), "-o", ws.dir.resolve("again.o").toString()));
        ws.exec(cmd);
    }
}
