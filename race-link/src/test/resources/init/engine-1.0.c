/* engine 1.0: shows the Transform a plugin built, through its own generated accessors. */
#include "engine.h"
#include "runtime.h"

void engine_show(const void *t) {
    say("engine 1.0: x = ");
    engine_print_num(*engine_Transform_x(t));
    say(", scale = ");
    engine_print_num(*engine_Transform_scale(t));
    say("\n");
}
