/* engine 3.0: Transform { pos: Vec3, scale: f32 }, written against its generated bindings (engine.h). */
#include "engine.h"
#include "../runtime.h"

void engine_transform_init(void *t, int32_t x, int32_t y, int32_t z, int32_t scale) {
    engine_Vec3 *pos = engine_Transform_pos(t);
    pos->x = x;
    pos->y = y;
    pos->z = z;
    *engine_Transform_scale(t) = (float)scale;
}

void engine_transform_print(const void *t) {
    say("engine 3.0: pos.y = ");
    engine_print_num(engine_Transform_pos(t)->y);
    say("\n");
}
