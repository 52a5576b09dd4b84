/* engine 2.0: Transform { layer: u8, scale: i32, rotation: i32, pos: Vec3 }, written against its generated
 * bindings (engine.h): two fields added and the rest reordered, and not one line of code knows an offset. */
#include "engine.h"
#include "../runtime.h"

void engine_transform_init(void *t, int32_t x, int32_t y, int32_t z, int32_t scale) {
    engine_Vec3 *pos = engine_Transform_pos(t);
    pos->x = x;
    pos->y = y;
    pos->z = z;
    *engine_Transform_scale(t) = scale;
    *engine_Transform_layer(t) = 1;
    *engine_Transform_rotation(t) = 90;
}

void engine_transform_print(const void *t) {
    const engine_Vec3 *pos = engine_Transform_pos(t);
    say("engine 2.0: Transform is ");
    engine_print_num((int64_t)engine_Transform_size());
    say(" bytes; pos = (");
    engine_print_num(pos->x);
    say(", ");
    engine_print_num(pos->y);
    say(", ");
    engine_print_num(pos->z);
    say("), scale = ");
    engine_print_num(*engine_Transform_scale(t));
    say(", layer = ");
    engine_print_num(*engine_Transform_layer(t));
    say(", rotation = ");
    engine_print_num(*engine_Transform_rotation(t));
    say("\n");
}
