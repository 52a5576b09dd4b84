/* The plugin crate's code (examples/plugin.steg), compiled separately from the engine, against the C bindings
 * race bindgen generates from the two STEGs (docs/bindgen.md): every layout-dependent constant is behind an
 * accessor whose marker the linker answers for the engine it links with, so this object keeps working when
 * engine::Transform changes.
 *
 *   bin/race bindgen --lang c -o engine.h examples/engine-2.0.steg
 *   bin/race bindgen --lang c --import examples/engine-2.0.steg -o plugin.h examples/plugin.steg
 *   gcc -O2 -I . -c examples/plugin.c -o plugin.o
 *   bin/race pack --steg examples/plugin.steg --import examples/engine-2.0.steg -o plugin.rcrate plugin.o
 */
#include "plugin.h"

/* plugin::step(world, body, dt): fall under gravity, scaled by the body's transform. */
void step(void *world, void *body, float dt) {
    (void)world;
    void *t = plugin_Body_transform(body);
    engine_Transform_pos(t)->y -= 9.81f * dt * *engine_Transform_scale(t) / *plugin_Body_mass(body);
}

/* <plugin::Physics as engine::Plugin>::name and ::build; name returns a &str, which C sees as race_str */
race_str physics_name(const void *self) {
    race_str s = {(const uint8_t *)"physics", 7};
    (void)self;
    return s;
}
void physics_build(void *self, void *app) { (void)self; (void)app; }

/* The Physics vtable as dyn engine::Plugin, for the engine to call. */
const void *physics_plugin_vtable(void) { return engine_Plugin_vtable_plugin_Physics(); }
