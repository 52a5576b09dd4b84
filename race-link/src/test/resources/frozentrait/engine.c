/* The engine of the frozen-trait test: its own Codec (Doubler) and engine_run, which calls a Codec through the
 * constant slots of its generated header. -DENGINE_1_1: the 1.1 engine, whose Codec gained check (a default body,
 * which an impl compiled before it gets through a trampoline). */
#include "engine.h"
#include "runtime.h"

int32_t engine_doubler_encode(const void *self, int32_t x) {
    (void)self;
    return 2 * x + 1;
}

int32_t engine_doubler_decode(const void *self, int32_t x) {
    (void)self;
    return (x - 1) / 2;
}

#ifdef ENGINE_1_1
/* The default body of check: self's data, the vtable it was reached through, then the arguments. */
int32_t engine_codec_check(void *self, const void *vtable, int32_t x) {
    engine_Codec_dyn c;
    c.data = self;
    c.vtable = vtable;
    return engine_Codec_decode(c, engine_Codec_encode(c, x)) == x;
}
#endif

int32_t engine_run(engine_Codec_dyn c, int32_t x) {
    int32_t e = engine_Codec_encode(c, x);
    int32_t d = engine_Codec_decode(c, e);
    say("engine: encode ");
    engine_print_num(e);
    say(" decode ");
    engine_print_num(d);
#ifdef ENGINE_1_1
    say(" check ");
    engine_print_num(engine_Codec_check(c, x));
#endif
    say("\n");
    return d;
}
