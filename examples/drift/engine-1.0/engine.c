/* engine 1.0: Transform { pos: Vec3, scale: i32 }. Written against its own generated bindings (engine.h, from
 * engine.steg by `race bindgen --lang c`): every field of the resilient Transform is reached through an accessor
 * whose offset the linker patches, so the engine never hard-codes its own layout either. */
#include "engine.h"
#include "../runtime.h"

void engine_transform_init(void *t, int32_t x, int32_t y, int32_t z, int32_t scale) {
    engine_Vec3 *pos = engine_Transform_pos(t); /* Vec3 is #[frozen]: a plain C struct */
    pos->x = x;
    pos->y = y;
    pos->z = z;
    *engine_Transform_scale(t) = scale;
}

void engine_transform_print(const void *t) {
    const engine_Vec3 *pos = engine_Transform_pos(t);
    say("engine 1.0: Transform is ");
    engine_print_num((int64_t)engine_Transform_size());
    say(" bytes; pos = (");
    engine_print_num(pos->x);
    say(", ");
    engine_print_num(pos->y);
    say(", ");
    engine_print_num(pos->z);
    say("), scale = ");
    engine_print_num(*engine_Transform_scale(t));
    say("\n");
}
