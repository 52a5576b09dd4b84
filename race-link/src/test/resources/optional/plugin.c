/* A plugin built against engine 2.0 (examples/drift/engine-2.0) that also runs with engine 1.0, whose Transform
 * has no `layer`: it asks engine_Transform_has_layer() (a field-exists marker) before it touches the field. Built
 * with -DUNGUARDED it does not ask, and the link with engine 1.0 is refused. */
#include "plugin.h"

static long storage[32];

static void say(const char *s) {
    engine_print((const uint8_t *)s);
}

int32_t plugin_main(void) {
    void *t = storage;
    if (engine_Transform_size() > sizeof storage) {
        say("plugin 2.0: Transform does not fit its storage\n");
        return 1;
    }
    engine_transform_init(t, 1, 2, 3, 4);
    say("plugin 2.0: scale = ");
    engine_print_num(*engine_Transform_scale(t));
#ifndef UNGUARDED
    if (engine_Transform_has_layer()) {
#endif
        say(", layer = ");
        engine_print_num(*engine_Transform_layer(t));
#ifndef UNGUARDED
    } else {
        say(", this engine has no layer");
    }
#endif
    say("\n");
    return 0;
}
