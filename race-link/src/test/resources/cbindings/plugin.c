/* The plugin, written only against generated headers (race bindgen --lang c --import engine.steg -o plugin.h
 * plugin.steg; plugin.h includes engine.h), compiled once against engine 1.0. */
#include "plugin.h"

static long storage[16]; /* room for a Mover of up to 128 bytes, checked below */

static void say(const char *s) {
    engine_print((const uint8_t *)s);
}

race_str mover_name(const void *self) {
    race_str s;
    (void)self;
    s.ptr = (const uint8_t *)"mover";
    s.len = 5;
    return s;
}

int32_t mover_step(void *self, void *t, int32_t dt) {
    engine_Vec3 *pos = engine_Transform_pos(t);
    pos->x += *plugin_Mover_speed(self) * dt;
    pos->z -= dt;
    *engine_Transform_scale(t) *= 2;
    return pos->x;
}

static void area(const void *shape, const char *what) {
    say("plugin: ");
    say(what);
    say(" area = ");
    engine_print_num(engine_area(shape));
    say("\n");
}

int32_t plugin_main(void) {
    void *m = storage;
    void *home;
    void *shape;
    engine_Plugin_dyn d;
    int32_t total;
    if (plugin_Mover_size() > sizeof storage || plugin_Mover_align() > sizeof(long)) {
        say("plugin: Mover does not fit its storage\n");
        return 1;
    }
    home = plugin_Mover_home(m);
    shape = plugin_Mover_shape(m);
    *plugin_Mover_speed(m) = 10;
    engine_Transform_pos(home)->x = 1;
    engine_Transform_pos(home)->y = 2;
    engine_Transform_pos(home)->z = 3;
    *engine_Transform_scale(home) = 1;

    engine_Shape_set_variant(shape, engine_Shape_Circle);
    *engine_Shape_Circle_0(shape) = 2;
    area(shape, "circle");
    engine_Shape_set_variant(shape, engine_Shape_Rect);
    *engine_Shape_Rect_w(shape) = 4;
    *engine_Shape_Rect_h(shape) = 5;
    area(shape, "rect");
    engine_Shape_set_variant(shape, engine_Shape_Empty);
    area(shape, "empty");
    say(engine_Shape_variant(shape) == engine_Shape_Empty ? "plugin: the shape reads back Empty\n"
                                                          : "plugin: the shape reads back wrong\n");

    d = engine_Plugin_dyn_plugin_Mover(m);
    say(d.vtable == engine_Plugin_vtable_plugin_Mover() && engine_Plugin_name(d).len == 5
            ? "plugin: calls through its own vtable\n" : "plugin: wrong vtable\n");
    total = engine_run(d, home, 3);
    say("plugin: total = ");
    engine_print_num(total);
    say("\n");
    return 0;
}
