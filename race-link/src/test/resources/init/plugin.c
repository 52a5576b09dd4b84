/* A plugin built against engine 1.0's generated header: it allocates a Transform of the linked engine's size,
 * fills the storage with garbage (as reused memory would hold), calls engine_Transform_init, sets the two
 * fields it knows and hands the value to the engine. */
#include "plugin.h"

static long storage[32];

static void say(const char *s) {
    engine_print((const uint8_t *)s);
}

int32_t plugin_main(void) {
    void *t = storage;
    if (engine_Transform_size() > sizeof storage) {
        say("plugin: Transform does not fit its storage\n");
        return 1;
    }
    volatile unsigned char *garbage = (volatile unsigned char *)storage;
    for (size_t i = 0; i < sizeof storage; i++) {
        garbage[i] = 0xA5;
    }
    engine_Transform_init(t);
    *engine_Transform_x(t) = 3;
    *engine_Transform_scale(t) = 4;
    engine_show(t);
    return 0;
}
