/* engine 2.0: Transform { layer: u8, scale: i32, rotation: i32, pos: Vec3 } */
#include "../runtime.h"

extern const char __race_off_6engine9Transform_3pos1x[];
extern const char __race_off_6engine9Transform_3pos1y[];
extern const char __race_off_6engine9Transform_3pos1z[];
extern const char __race_off_6engine9Transform_5scale[];
extern const char __race_off_6engine9Transform_5layer[];
extern const char __race_off_6engine9Transform_8rotation[];
extern const char __race_size_6engine9Transform[];

void engine_transform_init(void *t, int x, int y, int z, int scale) {
    FIELD(int, t, __race_off_6engine9Transform_3pos1x) = x;
    FIELD(int, t, __race_off_6engine9Transform_3pos1y) = y;
    FIELD(int, t, __race_off_6engine9Transform_3pos1z) = z;
    FIELD(int, t, __race_off_6engine9Transform_5scale) = scale;
    FIELD(unsigned char, t, __race_off_6engine9Transform_5layer) = 1;
    FIELD(int, t, __race_off_6engine9Transform_8rotation) = 90;
}

void engine_transform_print(const void *t) {
    engine_print("engine 2.0: Transform is ");
    engine_print_num((long)__race_size_6engine9Transform);
    engine_print(" bytes; pos = (");
    engine_print_num(FIELD(int, t, __race_off_6engine9Transform_3pos1x));
    engine_print(", ");
    engine_print_num(FIELD(int, t, __race_off_6engine9Transform_3pos1y));
    engine_print(", ");
    engine_print_num(FIELD(int, t, __race_off_6engine9Transform_3pos1z));
    engine_print("), scale = ");
    engine_print_num(FIELD(int, t, __race_off_6engine9Transform_5scale));
    engine_print(", layer = ");
    engine_print_num(FIELD(unsigned char, t, __race_off_6engine9Transform_5layer));
    engine_print(", rotation = ");
    engine_print_num(FIELD(int, t, __race_off_6engine9Transform_8rotation));
    engine_print("\n");
}
