/* engine 3.0: Transform { pos: Vec3, scale: f32 } */
#include "../runtime.h"

extern const char __race_off_6engine9Transform_3pos1x[];
extern const char __race_off_6engine9Transform_3pos1y[];
extern const char __race_off_6engine9Transform_3pos1z[];
extern const char __race_off_6engine9Transform_5scale[];

void engine_transform_init(void *t, int x, int y, int z, int scale) {
    FIELD(int, t, __race_off_6engine9Transform_3pos1x) = x;
    FIELD(int, t, __race_off_6engine9Transform_3pos1y) = y;
    FIELD(int, t, __race_off_6engine9Transform_3pos1z) = z;
    FIELD(float, t, __race_off_6engine9Transform_5scale) = (float)scale;
}

void engine_transform_print(const void *t) {
    engine_print("engine 3.0: pos.y = ");
    engine_print_num(FIELD(int, t, __race_off_6engine9Transform_3pos1y));
    engine_print("\n");
}
