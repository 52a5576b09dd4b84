/* The plugin of the cross-version catalogue. In the forward direction (CrossVersionCatalogueTest) it is compiled once
 * against engine 1.0 and never again: plugin.h (`race bindgen --lang c plugin.steg --import engine-1.0.steg`) and
 * engine.h (engine 1.0's), no -D flag. In the reverse direction (ReverseCrossVersionCatalogueTest) the same source
 * is compiled once per case against that case's engine (its engine.h, and plugin.h generated with it as the
 * import), with -D flags where the new engine changes what code can be written (a renamed or removed item, a
 * changed signature) or offers something new the plugin then uses (a field, a function, a trait method), and is
 * linked with engine 1.0. Either way it is written against generated bindings only, so no marker is written here.
 * Every layout constant behind the accessors is a marker the linker answers for the engine it is linked with;
 * what the plugin prints depends on each of them, so a stale or wrong constant changes the output. */
#include "engine.h"
#include "plugin.h"

/* Items the case's engine renames: the code below keeps engine 1.0's names. */
#ifdef COLOR_RENAMED
#define engine_Color_g engine_Colour_g
#endif
#ifdef EVENT_RENAMED
#define engine_Event_size engine_Message_size
#define engine_Event_variant engine_Message_variant
#define engine_Event_Tick engine_Message_Tick
#define engine_Event_Key engine_Message_Key
#define engine_Event_Key_0 engine_Message_Key_0
#endif
#ifdef KEY_STRUCT_VARIANT
#define engine_Event_Key_0 engine_Event_Key_code
#endif
#ifdef RECT_RENAMED
#define engine_Shape_Rect engine_Shape_Rectangle
#define engine_Shape_Rect_w engine_Shape_Rectangle_w
#define engine_Shape_Rect_h engine_Shape_Rectangle_h
#endif
#ifdef PLUGIN_RENAMED
#define engine_Plugin_dyn_plugin_Physics engine_Extension_dyn_plugin_Physics
#endif
#ifdef SCALE_RENAMED
#define engine_Transform_scale engine_Transform_factor
#endif
#ifdef SCALE_BY_EXTERN_C
/* an extern "C" function is outside RACE: the bindings do not declare it, its own header would */
int32_t engine_scale_by(const void *t, int32_t k);
#endif
#ifndef SCALE_BY
#define SCALE_BY engine_scale_by
#endif
#ifdef SCALE_BY_BIAS
#define CALL_SCALE_BY(t) SCALE_BY(t, 3, 0)
#elif defined SCALE_BY_NO_K
#define CALL_SCALE_BY(t) SCALE_BY(t)
#else
#define CALL_SCALE_BY(t) SCALE_BY(t, 3)
#endif
#ifndef BUILD_SELF_T
#define BUILD_SELF_T void *   /* Plugin::build's receiver: &mut self */
#endif
#ifndef BUILD_X_T
#define BUILD_X_T int64_t     /* Plugin::build's x */
#endif
/* Vec3 is #[frozen]: a C struct (VEC3_RESILIENT: the case withdraws the promise, so accessors). */
#ifdef VEC3_RESILIENT
#define POS(t, f) (*engine_Vec3_##f(engine_Transform_pos(t)))
#else
#define POS(t, f) (engine_Transform_pos(t)->f)
#endif
/* Stats is resilient (STATS_FROZEN: the case freezes it, so a C struct). */
#ifdef STATS_FROZEN
#define HITS(t) (engine_Transform_stats(t)->hits)
#else
#define HITS(t) (*engine_Stats_hits(engine_Transform_stats(t)))
#endif

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
#ifndef NO_NAME
int64_t physics_name(const void *self) { return 7 + *plugin_Physics_spin(self); }
#endif
int64_t physics_build(BUILD_SELF_T self, BUILD_X_T x) { return x * 100 + *plugin_Physics_gravity(self); }
#ifdef IMPL_PRIORITY
int64_t physics_priority(const void *self) { return 80 + *plugin_Physics_spin(self); }
#endif

static void show_event(const void *e) {
    switch (engine_Event_variant(e)) {
    case engine_Event_Tick:
        put("plugin: event Tick\n");
        break;
#ifndef NO_KEY
    case engine_Event_Key:
        say("plugin: event Key ", *engine_Event_Key_0(e));
        break;
#endif
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
        say("plugin: body mass ", *plugin_Body_mass(b));
        say("plugin: body velocity ", *plugin_Body_velocity(b));
        say("plugin: pos.x ", POS(t, x));
        say("plugin: pos.y ", POS(t, y));
        say("plugin: pos.z ", POS(t, z));
#ifndef NO_SCALE
        say("plugin: scale ", *engine_Transform_scale(t));
#endif
        say("plugin: tint.g ", *engine_Color_g(engine_Transform_tint(t)));
#ifndef NO_STATS
        say("plugin: stats.hits ", HITS(t));
#endif
#ifdef HAS_LAYER
        /* a field engine 1.1 added: asked for first, so the plugin runs with an engine that lacks it */
        if (engine_Transform_has_layer())
            say("plugin: layer ", *engine_Transform_layer(t));
        else
            put("plugin: this engine has no layer\n");
#endif
#ifdef HAS_LAYER_STRUCT
        /* a field of a type engine 1.1 added: the plugin asks for the type and for the field (LAYER_TYPE_UNGUARDED:
         * only for the field, which does not cover the plugin's own queries into Layer, so the link refuses it) */
#ifdef LAYER_TYPE_UNGUARDED
        if (engine_Transform_has_layer())
#else
        if (engine_Layer_exists() && engine_Transform_has_layer())
#endif
            say("plugin: layer depth ", *engine_Layer_depth(engine_Transform_layer(t)));
        else
            put("plugin: this engine has no layer\n");
#endif
#ifdef HAS_CRITS
        /* a field engine 1.1 added, used without asking */
        say("plugin: stats.crits ", *engine_Stats_crits(engine_Transform_stats(t)));
#endif
    }
    /* The plugin writes through its accessors, the engine reads through its own. */
    void *t0 = plugin_Body_transform(bodies);
#ifndef NO_SCALE
    *engine_Transform_scale(t0) = 6;
#endif
#ifndef NO_STATS
    HITS(t0) += 5;
#endif
    *engine_Color_g(engine_Transform_tint(t0)) = 99;
    POS(t0, y) = 40;
#ifndef NO_SCALE_BY
    say("plugin: scale_by(3) ", CALL_SCALE_BY(t0));
#endif
    engine_describe(t0);
    engine_describe(plugin_Body_transform((char *)bodies + bsize));
    /* An array of Transforms: the plugin's stride and the engine's must agree. */
    for (int i = 0; i < 2; i++) {
        char *t = (char *)transforms + i * tsize;
        engine_init(t, i, i, i, 10 * (i + 1));
#ifndef NO_SCALE
        *engine_Transform_scale(t) += 1000 * (i + 1);
#endif
    }
    say("plugin: sum_scales ", engine_sum_scales(transforms, 2));
#ifndef NO_SCALE
    say("plugin: pick(1) scale ", *engine_Transform_scale(engine_pick(transforms, 1)));
#else
    say("plugin: pick(1) pos.x ", POS(engine_pick(transforms, 1), x));
#endif
    say("plugin: adopt ", engine_adopt((char *)transforms + tsize));
#ifndef NO_SCALE
    say("plugin: adopted scale ", *engine_Transform_scale((char *)transforms + tsize));
#endif
#ifdef HAS_RESET
    /* a function engine 1.2 added */
    engine_reset((char *)transforms + tsize);
    say("plugin: reset scale ", *engine_Transform_scale((char *)transforms + tsize));
#endif
    /* plugin::Slot.t is an Option<engine::Transform>: plugin_Slot_t_Some_0 projects to the Transform inside it. */
    engine_init(plugin_Slot_t_Some_0(slot), 5, 6, 7, 8);
#ifndef NO_SCALE
    say("plugin: slot scale ", *engine_Transform_scale(plugin_Slot_t_Some_0(slot)));
#else
    say("plugin: slot pos.z ", POS(plugin_Slot_t_Some_0(slot), z));
#endif
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
#ifdef HAS_PRIORITY
    /* a trait method engine 1.1 added with a default body, called by the plugin through its own vtable */
    say("plugin: priority ", engine_Plugin_priority(engine_Plugin_dyn_plugin_Physics(physics)));
#endif
    say("plugin: run_plugin ", engine_run_plugin(engine_Plugin_dyn_plugin_Physics(physics)));
    return 0;
}
