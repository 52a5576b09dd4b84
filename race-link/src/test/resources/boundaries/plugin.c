/* BoundaryAlignLinkTest's plugin, compiled once against engine 1.0's generated bindings (engine.h, plugin.h): it
 * passes a T to the engine behind a pointer, allocates a Buf in storage aligned as engine 1.0's Buf needs (8), reaches
 * a Handle only through the pointer the engine returns (never sizing it), and reads and writes Rec.v in place with an
 * aligned 4-byte access. -DBY_VALUE is the plugin of before the rule, whose engine 1.0 took T by value. */
#include "engine.h"
#include "plugin.h"

static long buf_storage[8];

static void say(const char *s) {
    engine_print((const uint8_t *)s);
}

static void num(const char *label, int64_t v) {
    say(label);
    engine_print_num(v);
    say("\n");
}

#ifdef BY_VALUE
/* engine::take(t: T) as engine 1.0 declared it before the rule, T by value (8 bytes: one register on x86-64, x0 on
 * AArch64). The bindings give no prototype for it (a resilient type crosses by value), so the old code wrote it out. */
struct T_1_0 { int32_t a, b; };
int32_t engine_take(struct T_1_0 t);
#endif

int32_t plugin_main(void) {
#ifdef BY_VALUE
    struct T_1_0 t = {20, 22};
    num("take ", engine_take(t));
#else
    static long t_storage[8];
    if (engine_T_size() > sizeof t_storage) {
        say("plugin: T does not fit its storage\n");
        return 1;
    }
    *engine_T_a(t_storage) = 20;
    *engine_T_b(t_storage) = 22;
    num("take ", engine_take(t_storage));
#endif
    if (engine_Buf_size() > sizeof buf_storage) {
        say("plugin: Buf does not fit its storage\n");
        return 1;
    }
    engine_fill(buf_storage);
    num("buf ", *engine_Buf_x(buf_storage) + *engine_Buf_y(buf_storage));
    void *h = engine_handle();
    if (!h) return 1;
    *engine_Handle_hits(h) += 1;
    num("handle ", *engine_Handle_id(h) * 100 + *engine_Handle_hits(h));
    void *r = engine_rec();
    *engine_Rec_v(r) += 5;
    num("rec ", engine_check_rec());
    return 0;
}
