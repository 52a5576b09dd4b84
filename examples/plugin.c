/* The plugin crate's code (examples/plugin.steg), compiled separately from the engine.
 * Layout-dependent constants are marker symbols (docs/markers.md): the linker answers them for the
 * engine it links with, so this object keeps working when engine::Transform changes.
 *
 *   gcc -O2 -c examples/plugin.c -o plugin.o
 *   bin/race pack --steg examples/plugin.steg --import examples/engine-2.0.steg -o plugin.rcrate plugin.o
 */
extern const char __race_off_6engine9Transform_5scale[];
extern const char __race_off_6engine9Transform_3pos1y[];
extern const char __race_off_6plugin4Body_4mass[];
extern const char __race_off_6plugin4Body_9transform[];
extern const char __race_vtbl_6engine6Plugin_6plugin7Physics[];

#define FIELD(type, base, marker) (*(type *)((char *)(base) + (unsigned long)marker))

/* plugin::step(world, body, dt): fall under gravity, scaled by the body's transform. */
void step(void *world, void *body, float dt) {
    (void)world;
    char *t = (char *)body + (unsigned long)__race_off_6plugin4Body_9transform;
    float scale = FIELD(float, t, __race_off_6engine9Transform_5scale);
    FIELD(float, t, __race_off_6engine9Transform_3pos1y) -= 9.81f * dt * scale
            / FIELD(float, body, __race_off_6plugin4Body_4mass);
}

/* <plugin::Physics as engine::Plugin>::name and ::build */
const char *physics_name(const void *self) { (void)self; return "physics"; }
void physics_build(void *self, void *app) { (void)self; (void)app; }

/* The Physics vtable as dyn engine::Plugin, for the engine to call. */
const void *physics_plugin_vtable(void) { return __race_vtbl_6engine6Plugin_6plugin7Physics; }
