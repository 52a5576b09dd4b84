/* The plugin of the cross-version catalogue (CrossVersionCatalogueTest), compiled once against engine 1.0 and
 * never again. It is written against generated bindings only: plugin.h (`race bindgen --lang c plugin.steg
 * --import engine-1.0.steg`) and engine.h (engine 1.0's), so no marker is written here. Every layout constant
 * behind the accessors is a marker the linker answers for the engine it is linked with; what the plugin prints
 * depends on each of them, so a stale or wrong constant changes the output. */
#include "engine.h"
#include "plugin.h"

static long bodies[64];
static long transforms[64];
static long shape[8];
static long event[8];
static long physics[8];
static long slot[32];

static void put(const char *s) {
    print_str((const uint8_t *)s);
}

static void say(const char *label, int64_t v) {
    put(label);
    print_num(v);
}

/* impl engine::Plugin for plugin::Physics: the bodies the linker puts in the vtable (plugin.h declares them) */
int64_t physics_name(const void *self) { return 7 + *plugin_Physics_spin(self); }
int64_t physics_build(void *self, int64_t x) { return x * 100 + *plugin_Physics_gravity(self); }

static void show_event(const void *e) {
    switch (engine_Event_variant(e)) {
    case engine_Event_Tick:
        put("plugin: event Tick\n");
        break;
    case engine_Event_Key:
        say("plugin: event Key ", *engine_Event_Key_0(e));
        break;
    default:
        put("plugin: event of another variant\n"); /* Event is #[non_exhaustive] */
        break;
    }
}

int main(void) {
    size_t bsize = plugin_Body_size();
    size_t tsize = engine_Transform_size();
    if (2 * bsize > sizeof bodies || 2 * tsize > sizeof transforms || engine_Shape_size() > sizeof shape
            || engine_Event_size() > sizeof event || plugin_Physics_size() > sizeof physics
            || plugin_Slot_size() > sizeof slot) {
        put("plugin: a type does not fit its storage\n");
        return 1;
    }
    /* Two Bodies side by side: Body embeds engine::Transform, so its size and offsets follow the engine's. */
    for (int i = 0; i < 2; i++) {
        char *b = (char *)bodies + i * bsize;
        *plugin_Body_mass(b) = 70 + i;
        *plugin_Body_velocity(b) = -9 - i;
        engine_init(plugin_Body_transform(b), 1 + i, 2 + i, 3 + i, 4 + i);
    }
    for (int i = 0; i < 2; i++) {
        char *b = (char *)bodies + i * bsize;
        void *t = plugin_Body_transform(b);
        engine_Vec3 *pos = engine_Transform_pos(t); /* Vec3 is #[frozen]: a C struct */
        say("plugin: body mass ", *plugin_Body_mass(b));
        say("plugin: body velocity ", *plugin_Body_velocity(b));
        say("plugin: pos.x ", pos->x);
        say("plugin: pos.y ", pos->y);
        say("plugin: pos.z ", pos->z);
        say("plugin: scale ", *engine_Transform_scale(t));
        say("plugin: tint.g ", *engine_Color_g(engine_Transform_tint(t)));
        say("plugin: stats.hits ", *engine_Stats_hits(engine_Transform_stats(t)));
    }
    /* The plugin writes through its accessors, the engine reads through its own. */
    void *t0 = plugin_Body_transform(bodies);
    *engine_Transform_scale(t0) = 6;
    *engine_Stats_hits(engine_Transform_stats(t0)) += 5;
    *engine_Color_g(engine_Transform_tint(t0)) = 99;
    engine_Transform_pos(t0)->y = 40;
    say("plugin: scale_by(3) ", engine_scale_by(t0, 3));
    engine_describe(t0);
    engine_describe(plugin_Body_transform((char *)bodies + bsize));
    /* An array of Transforms: the plugin's stride and the engine's must agree. */
    for (int i = 0; i < 2; i++) {
        char *t = (char *)transforms + i * tsize;
        engine_init(t, i, i, i, 10 * (i + 1));
        *engine_Transform_scale(t) += 1000 * (i + 1);
    }
    say("plugin: sum_scales ", engine_sum_scales(transforms, 2));
    say("plugin: pick(1) scale ", *engine_Transform_scale(engine_pick(transforms, 1)));
    say("plugin: adopt ", engine_adopt((char *)transforms + tsize));
    say("plugin: adopted scale ", *engine_Transform_scale((char *)transforms + tsize));
    /* plugin::Slot.t is an Option<engine::Transform>: plugin_Slot_t_Some_0 projects to the Transform inside it. */
    engine_init(plugin_Slot_t_Some_0(slot), 5, 6, 7, 8);
    say("plugin: slot scale ", *engine_Transform_scale(plugin_Slot_t_Some_0(slot)));
    /* Enums: tags and variant fields through the bindings. */
    engine_make_shape(shape, 3, 4);
    switch (engine_Shape_variant(shape)) {
    case engine_Shape_Rect:
        say("plugin: shape Rect area ", *engine_Shape_Rect_w(shape) * *engine_Shape_Rect_h(shape)
                + 1000 * *engine_Shape_Rect_w(shape));
        break;
    case engine_Shape_Circle:
        put("plugin: shape Circle\n");
        break;
    default:
        put("plugin: shape of another variant\n");
        break;
    }
    engine_next_event(event, 0);
    show_event(event);
    engine_next_event(event, 42);
    show_event(event);
    /* A trait object: the engine calls the plugin through the vtable the linker builds. */
    *plugin_Physics_gravity(physics) = 30;
    *plugin_Physics_spin(physics) = 2;
    say("plugin: run_plugin ", engine_run_plugin(engine_Plugin_dyn_plugin_Physics(physics)));
    return 0;
}
