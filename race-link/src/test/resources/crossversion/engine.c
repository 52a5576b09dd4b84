/* The engine of every version of the cross-version catalogue (CrossVersionCatalogueTest): one source, compiled
 * once per case against that case's own generated bindings (engine.h, `race bindgen --lang c` of the case's
 * engine .steg), with -D flags only where the case changes what code can be written: a removed or added field,
 * function or method, a changed function signature (the definitions must match engine.h's prototypes), a struct
 * that gains or loses #[frozen] (a C struct, or accessors). Field types come from engine.h, so a field whose type
 * changes needs no flag. Workspace.RUNTIME_C (_start, print_num, print_str) is a separate object of the crate.
 * Every field of a resilient type is reached through a generated accessor, so the same code is right for every
 * layout the linker chooses; no marker is written here. */
#include "engine.h"

/* Items a case renames: the code below keeps the old names, mapped to the ones the case's engine.h declares. */
#ifdef COLOR_RENAMED
#define engine_Color_r engine_Colour_r
#define engine_Color_g engine_Colour_g
#define engine_Color_b engine_Colour_b
#endif
#ifdef EVENT_RENAMED
#define engine_Event_size engine_Message_size
#define engine_Event_set_variant engine_Message_set_variant
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
#define engine_Plugin_dyn engine_Extension_dyn
#define engine_Plugin_name engine_Extension_name
#define engine_Plugin_build engine_Extension_build
#endif
#ifdef BUILD_RENAMED
#define engine_Plugin_build engine_Plugin_make
#endif
#ifdef SCALE_RENAMED
#define engine_Transform_scale engine_Transform_factor
#endif
#ifndef SUM_T
#define SUM_T const void *  /* sum_scales's ts: *const Transform */
#endif
#ifndef PICK_T
#define PICK_T const void * /* pick's return type: *const Transform */
#endif

#ifndef K_T
#define K_T int32_t         /* scale_by's k */
#endif
#ifndef RET_T
#define RET_T int32_t       /* scale_by's return type */
#endif
#ifndef SCALE_BY_T
#define SCALE_BY_T const void * /* scale_by's t: &Transform */
#endif
#ifndef DESCRIBE_T
#define DESCRIBE_T const void * /* describe's t: &Transform */
#endif
#ifndef ADOPT_T
#define ADOPT_T void *      /* adopt's t: Box<Transform> */
#endif
#ifndef SCALE_BY
#define SCALE_BY engine_scale_by
#endif

/* Vec3 is #[frozen]: a C struct (VEC3_RESILIENT: the case withdraws the promise, so accessors). */
#ifdef VEC3_RESILIENT
#define POS_X(t) (*engine_Vec3_x(engine_Transform_pos(t)))
#define POS_Y(t) (*engine_Vec3_y(engine_Transform_pos(t)))
#define POS_Z(t) (*engine_Vec3_z(engine_Transform_pos(t)))
#else
#define POS_X(t) (engine_Transform_pos(t)->x)
#define POS_Y(t) (engine_Transform_pos(t)->y)
#define POS_Z(t) (engine_Transform_pos(t)->z)
#endif
/* Stats is resilient (STATS_FROZEN: the case freezes it, so a C struct). */
#ifdef STATS_FROZEN
#define HITS(t) (engine_Transform_stats(t)->hits)
#define MISSES_OF(t) (engine_Transform_stats(t)->misses)
#else
#define HITS(t) (*engine_Stats_hits(engine_Transform_stats(t)))
#define MISSES_OF(t) (*engine_Stats_misses(engine_Transform_stats(t)))
#endif
#define TINT(t, c) (*engine_Color_##c(engine_Transform_tint(t)))

static void zero(void *p, size_t n) {
    for (size_t i = 0; i < n; i++) ((volatile char *)p)[i] = 0;
}

/* Fields the plugin never reads: the engine writes them and checks them back, so an overlap with anything the
 * plugin writes shows up as "CORRUPT". */
#define MISSES (-77)
#define SPARE 0x5151
#define LAYER 0x1a1a
#define CRITS 0xc1c1

void engine_init(void *t, int32_t x, int32_t y, int32_t z, int32_t scale) {
    POS_X(t) = x;
    POS_Y(t) = y;
    POS_Z(t) = z;
#ifndef NO_SCALE
    *engine_Transform_scale(t) = scale;
#endif
    TINT(t, r) = (uint8_t)(x + 10);
    TINT(t, g) = (uint8_t)(y + 20);
    TINT(t, b) = (uint8_t)(z + 30);
    HITS(t) = scale * 100;
#ifndef NO_MISSES
    MISSES_OF(t) = MISSES;
#endif
#ifndef NO_SPARE
    *engine_Transform_spare(t) = SPARE;
#endif
#ifdef HAS_LAYER
    *engine_Transform_layer(t) = LAYER;
#endif
#ifdef HAS_CRITS
    *engine_Stats_crits(engine_Transform_stats(t)) = CRITS;
#endif
#ifdef HAS_WIDE
    *engine_Transform_wide(t) = (race_u128)LAYER << 64 | LAYER;
#endif
#ifdef HAS_LAYER_STRUCT
    *engine_Layer_id(engine_Transform_layer(t)) = (uint16_t)LAYER;
    *engine_Layer_depth(engine_Transform_layer(t)) = LAYER;
#endif
}

static int private_fields_intact(const void *t) {
    int ok = 1;
#ifndef NO_MISSES
    ok &= MISSES_OF(t) == MISSES;
#endif
#ifndef NO_SPARE
    ok &= *engine_Transform_spare(t) == SPARE;
#endif
#ifdef HAS_LAYER
    ok &= *engine_Transform_layer(t) == LAYER;
#endif
#ifdef HAS_CRITS
    ok &= *engine_Stats_crits(engine_Transform_stats(t)) == CRITS;
#endif
#ifdef HAS_WIDE
    ok &= *engine_Transform_wide(t) == ((race_u128)LAYER << 64 | LAYER);
#endif
#ifdef HAS_LAYER_STRUCT
    ok &= *engine_Layer_id(engine_Transform_layer(t)) == (uint16_t)LAYER;
    ok &= *engine_Layer_depth(engine_Transform_layer(t)) == LAYER;
#endif
    (void)t;
    return ok;
}

static int64_t scale_of(const void *t) {
#ifndef NO_SCALE
    return *engine_Transform_scale(t);
#else
    (void)t;
    return 1;
#endif
}

#ifdef SCALE_BY_BIAS
RET_T SCALE_BY(SCALE_BY_T t, K_T k, int32_t bias) {
    (void)bias;
#elif defined SCALE_BY_NO_K
RET_T SCALE_BY(SCALE_BY_T t) {
    int32_t k = 3;
#else
RET_T SCALE_BY(SCALE_BY_T t, K_T k) {
#endif
    return (RET_T)(scale_of(t) * k + POS_Y(t));
}

static void say(const char *label, int64_t v) {
    print_str((const uint8_t *)label);
    print_num(v);
}

static void put(const char *s) {
    print_str((const uint8_t *)s);
}

void engine_describe(DESCRIBE_T t) {
    say("engine: pos.x ", POS_X(t));
    say("engine: pos.y ", POS_Y(t));
    say("engine: pos.z ", POS_Z(t));
    say("engine: scale ", scale_of(t));
    say("engine: tint.r ", TINT(t, r));
    say("engine: tint.g ", TINT(t, g));
    say("engine: tint.b ", TINT(t, b));
    say("engine: stats.hits ", HITS(t));
    put(private_fields_intact(t) ? "engine: private fields intact\n" : "engine: private fields CORRUPT\n");
}

int64_t engine_sum_scales(SUM_T ts, int64_t n) {
    int64_t sum = 0;
    for (int64_t i = 0; i < n; i++) {
        const char *t = (const char *)ts + i * engine_Transform_size();
        sum += scale_of(t) + HITS(t);
    }
    return sum;
}

/* Takes ownership: a real engine would free it; this one only reads it and poisons its scale. */
int64_t engine_adopt(ADOPT_T t) {
    int64_t r = scale_of(t) * 1000 + POS_Z(t);
#ifndef NO_SCALE
    *engine_Transform_scale(t) = -1;
#endif
    return r;
}

PICK_T engine_pick(const void *ts, int64_t i) {
    return (PICK_T)((const char *)ts + i * engine_Transform_size());
}

void engine_make_shape(void *out, int32_t w, int32_t h) {
    zero(out, engine_Shape_size());
    engine_Shape_set_variant(out, engine_Shape_Rect);
    *engine_Shape_Rect_w(out) = w;
    *engine_Shape_Rect_h(out) = h;
}

void engine_next_event(void *out, uint32_t n) {
    zero(out, engine_Event_size());
#ifndef NO_KEY
    if (n != 0) {
        engine_Event_set_variant(out, engine_Event_Key);
        *engine_Event_Key_0(out) = n;
        return;
    }
#else
    (void)n;
#endif
    engine_Event_set_variant(out, engine_Event_Tick);
}

#ifdef HAS_PRIORITY
/* The default body of Plugin::priority: self's data pointer and vtable (a trait object), then the arguments. */
int64_t engine_default_priority(engine_Plugin_dyn self);
int64_t engine_default_priority(engine_Plugin_dyn self) {
    return engine_Plugin_name(self) * 10;
}
#endif

int64_t engine_run_plugin(engine_Plugin_dyn p) {
#ifndef NO_NAME
    int64_t name = engine_Plugin_name(p);
#else
    int64_t name = 9; /* what the plugin's name() returned before the trait lost it */
#endif
    int64_t built = engine_Plugin_build(p, 5);
#ifdef HAS_PRIORITY
    int64_t priority = engine_Plugin_priority(p);
#else
    int64_t priority = name * 10;
#endif
    say("engine: plugin name ", name);
    say("engine: plugin build(5) ", built);
    say("engine: plugin priority ", priority);
    return name + built + priority;
}

#ifndef NO_UNUSED
uint32_t engine_unused(uint32_t x) { return x + 1; }
#endif

#ifdef HAS_RESET
void engine_reset(void *t) { engine_init(t, 0, 0, 0, 1); }
#endif
