/* The engine of the effects tests (EffectGraphLinkTest): a bump allocator declared in engine.steg as
 * `extern fn malloc(..) effects(alloc)`, spawn (effects(alloc)) that calls it, check and fail (effects(panic)),
 * and the drift demo's freestanding runtime (engine_print, engine_print_num, _start -> plugin_main). */
#include "engine.h"
#include "runtime.h"

static unsigned char heap[4096];
static size_t used;

__attribute__((noinline)) void *malloc(size_t n) {
    if (n > sizeof heap - used) return 0;
    void *p = heap + used;
    used += (n + 15) & ~(size_t)15;
    return p;
}

uint8_t *engine_spawn(int32_t n) {
    uint8_t *p = malloc((size_t)n);
    for (int32_t i = 0; p && i < n; i++) p[i] = (uint8_t)i;
    return p;
}

void engine_fail(const uint8_t *msg) {
    say("engine: panic: ");
    engine_print(msg);
    say("\n");
    sys3(SYS_EXIT, 101, 0, 0);
    for (;;) {}
}

void engine_check(int32_t ok) {
    if (!ok) engine_fail((const uint8_t *)"check failed");
}
