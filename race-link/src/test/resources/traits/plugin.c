/* TraitObjectLinkTest's plugin: two types of its own implementing engine::Solid and its supertraits; it boxes each
 * with the engine's malloc and hands it to the engine as a Box<dyn Solid>. Cube has drop glue, Dot has none. */
#include "engine.h"
#include "plugin.h"

static void say(const char *s) { engine_print((const uint8_t *)s); }

static int64_t side(const void *self) { return *plugin_Cube_side((void *)self); }

int64_t plugin_cube_name(const void *self) { return 1000 + *plugin_Cube_id((void *)self); }
int64_t plugin_cube_tag(const void *self) { return *plugin_Cube_id((void *)self); }
int64_t plugin_cube_area(const void *self) { return 6 * side(self) * side(self); }
int64_t plugin_cube_volume(const void *self) { return side(self) * side(self) * side(self); }

void plugin_cube_drop(void *self) {
    say("drop glue: cube ");
    engine_print_num(*plugin_Cube_id(self));
    say("\n");
    *plugin_Cube_id(self) = -1;
}

int64_t plugin_dot_name(const void *self) { return 2000 + *plugin_Dot_id((void *)self); }
int64_t plugin_dot_tag(const void *self) { return *plugin_Dot_id((void *)self); }
int64_t plugin_dot_weight(const void *self) { (void)self; return 1; }
int64_t plugin_dot_area(const void *self) { (void)self; return 0; }
int64_t plugin_dot_volume(const void *self) { (void)self; return 0; }

int32_t plugin_main(void) {
    void *cube = malloc(plugin_Cube_size());
    *plugin_Cube_side(cube) = 3;
    *plugin_Cube_id(cube) = 7;
    int32_t r = engine_adopt(engine_Solid_dyn_plugin_Cube(cube));
    void *dot = malloc(plugin_Dot_size());
    *plugin_Dot_id(dot) = 9;
    return r + engine_adopt(engine_Solid_dyn_plugin_Dot(dot));
}
