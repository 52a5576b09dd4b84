/* Compiled once against engine 1.0's Event through the generated bindings (plugin.h, engine.h): it reads the tags
 * of events the engine makes and writes tags of events the engine reads, under every engine version it links with.
 * A variant added later reads as engine_Event_Variant_UNKNOWN. */
#include "engine.h"
#include "plugin.h"

static long storage[16];

static void say(const char *s) {
    engine_print((const uint8_t *)s);
}

static void show(void *e) {
    switch (engine_Event_variant(e)) {
    case engine_Event_Tick:
        say("tick");
        break;
    case engine_Event_Key:
        say("key ");
        engine_print_num(*engine_Event_Key_0(e));
        break;
    case engine_Event_Move:
        say("move ");
        engine_print_num(*engine_Event_Move_dx(e));
        say(",");
        engine_print_num(*engine_Event_Move_dy(e));
        break;
    case engine_Event_Circle:
        say("circle ");
        engine_print_num(*engine_Params_r(engine_Event_Circle_0(e)));
        break;
    default:
        say("a variant this plugin does not know");
        break;
    }
    say("\n");
}

int32_t plugin_main(void) {
    void *e = storage;
    if (engine_Event_size() > sizeof storage) {
        say("plugin: Event does not fit its storage\n");
        return 1;
    }
    for (uint32_t n = 0; n < 5; n++) {
        engine_make_event(e, n);
        say("plugin reads: ");
        show(e);
    }
    engine_Event_set_variant(e, engine_Event_Tick);
    engine_describe_event(e);
    engine_Event_set_variant(e, engine_Event_Key);
    *engine_Event_Key_0(e) = 42;
    engine_describe_event(e);
    engine_Event_set_variant(e, engine_Event_Move);
    *engine_Event_Move_dx(e) = 5;
    *engine_Event_Move_dy(e) = 6;
    engine_describe_event(e);
    engine_Event_set_variant(e, engine_Event_Circle);
    *engine_Params_r(engine_Event_Circle_0(e)) = 11;
    engine_describe_event(e);
    return 0;
}
