/* engine 1.1: also shows the fields 1.1 added, which a plugin built against 1.0 never set: they hold their
 * defaults because the plugin copied the init image first. */
#include "engine.h"
#include "runtime.h"

void engine_show(const void *t) {
    say("engine 1.1: x = ");
    engine_print_num(*engine_Transform_x(t));
    say(", scale = ");
    engine_print_num(*engine_Transform_scale(t));
    say(", layer = ");
    engine_print_num(*engine_Transform_layer(t));
    say(", id = ");
    engine_print_num(*engine_Transform_id(t));
    say("\n");
}
