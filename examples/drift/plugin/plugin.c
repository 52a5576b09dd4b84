/* The plugin, compiled once against engine 1.0 and never recompiled. It is written against generated bindings:
 * plugin.h (from plugin.steg, which #includes engine.h, from engine 1.0's engine.steg), made by
 *
 *   race bindgen --lang c --import ../engine-1.0/engine.steg -o plugin.h plugin.steg
 *   race bindgen --lang c -o engine.h ../engine-1.0/engine.steg
 *
 * Every layout-dependent constant it uses -- the offsets of its own Body's fields (which depend on the size of
 * engine::Transform) and those of the engine's Transform -- is behind an accessor whose marker symbol the linker
 * patches for the engine it links with. */
#include "plugin.h"

static long storage[32]; /* room for any Body up to 256 bytes, checked below */

static void say(const char *s) {
    engine_print((const uint8_t *)s);
}

int32_t plugin_main(void) {
    if (plugin_Body_size() > sizeof storage) {
        say("plugin: Body does not fit its storage\n");
        return 1;
    }
    void *body = storage;
    void *t = plugin_Body_transform(body);
    *plugin_Body_mass(body) = 70;
    *plugin_Body_velocity(body) = 0;
    engine_transform_init(t, 1, 100, 3, 2);
    for (int step = 0; step < 3; step++) {
        /* fall: velocity grows, position moves by velocity * scale */
        *plugin_Body_velocity(body) -= 3;
        engine_Transform_pos(t)->y += *plugin_Body_velocity(body) * *engine_Transform_scale(t);
    }
    say("plugin 1.0 (built against engine 1.0): Body is ");
    engine_print_num((int64_t)plugin_Body_size());
    say(" bytes; mass = ");
    engine_print_num(*plugin_Body_mass(body));
    say(", velocity = ");
    engine_print_num(*plugin_Body_velocity(body));
    say("\n");
    engine_transform_print(t);
    return 0;
}
