/* The engine of EnumBindingsTest, one source for every version: -DADDED_UNIT, -DADDED_TUPLE, -DADDED_STRUCT,
 * -DADDED_FRONT add the variant its version's engine.steg adds (Quit, Wheel(i32, i32), Drag { x, y, button },
 * Idle in front); -DGROWN is the version whose Params gained a field. Written against that version's engine.h. */
#include "engine.h"
#include "runtime.h"

void engine_make_event(void *out, uint32_t n) {
    switch (n) {
    case 0:
        engine_Event_set_variant(out, engine_Event_Tick);
        break;
    case 1:
        engine_Event_set_variant(out, engine_Event_Key);
        *engine_Event_Key_0(out) = 7;
        break;
    case 2:
        engine_Event_set_variant(out, engine_Event_Move);
        *engine_Event_Move_dx(out) = 3;
        *engine_Event_Move_dy(out) = -4;
        break;
    case 3:
        engine_Event_set_variant(out, engine_Event_Circle);
        *engine_Params_r(engine_Event_Circle_0(out)) = 9;
#ifdef GROWN
        *engine_Params_extra(engine_Event_Circle_0(out)) = -1;
#endif
        break;
    default:
#if defined(ADDED_UNIT)
        engine_Event_set_variant(out, engine_Event_Quit);
#elif defined(ADDED_TUPLE)
        engine_Event_set_variant(out, engine_Event_Wheel);
        *engine_Event_Wheel_0(out) = -100;
        *engine_Event_Wheel_1(out) = 100;
#elif defined(ADDED_STRUCT)
        engine_Event_set_variant(out, engine_Event_Drag);
        *engine_Event_Drag_x(out) = 1;
        *engine_Event_Drag_y(out) = 2;
        *engine_Event_Drag_button(out) = 3;
#elif defined(ADDED_FRONT)
        engine_Event_set_variant(out, engine_Event_Idle);
#else
        engine_Event_set_variant(out, engine_Event_Tick);
#endif
        break;
    }
}

void engine_describe_event(const void *e) {
    say("engine reads: ");
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
        say("another variant");
        break;
    }
    say("\n");
}
