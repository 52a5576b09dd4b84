/* BoundaryAlignLinkTest's engine, one source for every version, written against that version's generated engine.h.
 * -DBY_VALUE: take(t: T) by value, as before the rule (the bindings give no prototype for it); with -DGROWN, T is the
 * 40-byte T of engine 2.0, which x86-64 passes in memory and AArch64 by reference: what the old plugin passes in a
 * register would be read as garbage. -DFROZEN: T is #[frozen], and take(t: T) is bound by the bindings. */
#include "engine.h"
#include "runtime.h"

#if defined(FROZEN)
/* T is #[frozen] #[repr(C)]: the bindings bind it as a C struct and take by value */
int32_t engine_take(engine_T t) {
    return t.a + t.b;
}
#elif defined(BY_VALUE)
struct T_v {
    int32_t a, b;
#ifdef GROWN
    int64_t extra[4];
#endif
};
int32_t engine_take(struct T_v t);
int32_t engine_take(struct T_v t) {
    return t.a + t.b;
}
#else
int32_t engine_take(const void *t) {
    return *engine_T_a(t) + *engine_T_b(t);
}
#endif

void engine_fill(void *b) {
    *engine_Buf_x(b) = 40;
    *engine_Buf_y(b) = 2;
}

static long handle_storage[16] __attribute__((aligned(64)));

void *engine_handle(void) {
    if (engine_Handle_size() > sizeof handle_storage) {
        say("engine: Handle does not fit its storage\n");
        return 0;
    }
    *engine_Handle_id(handle_storage) = 7;
    *engine_Handle_hits(handle_storage) = 1;
    return handle_storage;
}

static long rec_storage[8] __attribute__((aligned(64)));

void *engine_rec(void) {
    *engine_Rec_tag(rec_storage) = 1;
    *engine_Rec_v(rec_storage) = 37;
    return rec_storage;
}

int64_t engine_check_rec(void) {
    return *engine_Rec_v(rec_storage);
}
