/* The plugin, compiled once against engine 1.0 and never recompiled. Every layout-dependent constant it
 * uses -- the offsets of its own Body's fields (which depend on the size of engine::Transform) and of the
 * engine's Transform fields -- is a marker symbol that the linker patches for the engine it links with. */
extern const char __race_off_6plugin4Body_4mass[];
extern const char __race_off_6plugin4Body_9transform[];
extern const char __race_off_6plugin4Body_8velocity[];
extern const char __race_size_6plugin4Body[];
extern const char __race_off_6engine9Transform_3pos1y[];
extern const char __race_off_6engine9Transform_5scale[];

void engine_transform_init(void *t, int x, int y, int z, int scale);
void engine_transform_print(const void *t);
void engine_print(const char *s);
void engine_print_num(long v);

#define FIELD(type, base, marker) (*(type *)((char *)(base) + (unsigned long)(marker)))

static long storage[32]; /* room for any Body up to 256 bytes, checked below */

int plugin_main(void) {
    if ((unsigned long)__race_size_6plugin4Body > sizeof storage) {
        engine_print("plugin: Body does not fit its storage\n");
        return 1;
    }
    void *body = storage;
    void *t = (char *)body + (unsigned long)__race_off_6plugin4Body_9transform;
    FIELD(int, body, __race_off_6plugin4Body_4mass) = 70;
    FIELD(int, body, __race_off_6plugin4Body_8velocity) = 0;
    engine_transform_init(t, 1, 100, 3, 2);
    for (int step = 0; step < 3; step++) {
        /* fall: velocity grows, position moves by velocity * scale */
        FIELD(int, body, __race_off_6plugin4Body_8velocity) -= 3;
        FIELD(int, t, __race_off_6engine9Transform_3pos1y) +=
                FIELD(int, body, __race_off_6plugin4Body_8velocity) * FIELD(int, t, __race_off_6engine9Transform_5scale);
    }
    engine_print("plugin 1.0 (built against engine 1.0): Body is ");
    engine_print_num((long)__race_size_6plugin4Body);
    engine_print(" bytes; mass = ");
    engine_print_num(FIELD(int, body, __race_off_6plugin4Body_4mass));
    engine_print(", velocity = ");
    engine_print_num(FIELD(int, body, __race_off_6plugin4Body_8velocity));
    engine_print("\n");
    engine_transform_print(t);
    return 0;
}
