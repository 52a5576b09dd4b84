/* The engine, written only against its generated header (race bindgen --lang c -o engine.h engine.steg).
 * ENGINE_2 selects the code for engine 2.0, whose header has the fields and variants 2.0 added. */
#include "engine.h"

#include "runtime.h" /* examples/drift/runtime.h: _start, engine_print, engine_print_num, say */

int64_t engine_area(const void *s) {
    switch (engine_Shape_variant(s)) {
    case engine_Shape_Empty: return 0;
    case engine_Shape_Circle: return 3 * (int64_t)*engine_Shape_Circle_0(s) * *engine_Shape_Circle_0(s);
    case engine_Shape_Rect: return (int64_t)*engine_Shape_Rect_w(s) * *engine_Shape_Rect_h(s);
#ifdef ENGINE_2
    case engine_Shape_Tri: return *engine_Shape_Tri_a(s) + *engine_Shape_Tri_b(s) + *engine_Shape_Tri_c(s);
#endif
    case engine_Shape_Variant_UNKNOWN: break;
    }
    return -1;
}

int32_t engine_run(engine_Plugin_dyn p, void *t, int32_t steps) {
    race_str name = engine_Plugin_name(p);
    int32_t total = 0;
    int32_t i;
#ifdef ENGINE_2
    say("engine 2.0: Transform is ");
#else
    say("engine 1.0: Transform is ");
#endif
    engine_print_num((int64_t)engine_Transform_size());
    say(" bytes; running plugin ");
    sys3(1, 1, (long)name.ptr, (long)name.len);
    say("\n");
    for (i = 1; i <= steps; i++) {
        const engine_Vec3 *pos;
        total += engine_Plugin_step(p, t, i);
        pos = engine_Transform_pos(t);
        say("engine: step ");
        engine_print_num(i);
        say(": pos = (");
        engine_print_num(pos->x);
        say(", ");
        engine_print_num(pos->y);
        say(", ");
        engine_print_num(pos->z);
        say("), scale = ");
        engine_print_num(*engine_Transform_scale(t));
#ifdef ENGINE_2
        say(", layer = ");
        engine_print_num(*engine_Transform_layer(t));
        say(", rotation = ");
        engine_print_num(*engine_Transform_rotation(t));
#endif
        say("\n");
    }
    return total;
}
