/* The plugin of the effects tests (EffectGraphLinkTest), written against the generated plugin.h and engine.h.
 * Its impl of engine::Plugin::step (declared with no effects) is called through the vtable the linker builds.
 *   default:      plugin_main calls engine_check (effects(io, panic)), which plugin::main declares
 *   -DNO_CHECK:   no call that can panic (packed with plugin::main declared effects(io))
 *   -DALLOCATES:  physics_step calls engine_spawn (effects(alloc)) through a static helper: step is declared
 *                 without alloc (packed with plugin::main declared effects(alloc, io, panic))
 *   -DCOPIES:     plugin_main calls memcpy, which no input defines or declares (relocatable output only)
 *   -DDEAD:       plugin_unused (plugin::unused, declared with no effects) allocates, but nothing calls it: with
 *                 -ffunction-sections its section is gc'd and does not count */
#include "plugin.h"

#ifdef COPIES
void *memcpy(void *dst, const void *src, size_t n);
#endif

static long storage[8];

/* a static helper: the assembler resolves the call to it, so no relocation names it */
static __attribute__((noinline)) int32_t twice(int32_t v) {
#ifdef ALLOCATES
    uint8_t *p = engine_spawn(v);
    return p ? 2 * v + p[1] : -1;
#else
    return 2 * v;
#endif
}

#ifdef DEAD
int32_t plugin_unused(void) {
    return engine_spawn(4) != 0;
}
#endif

int32_t physics_step(void *self, int32_t n) {
    *plugin_Physics_steps(self) += 1;
    return twice(n);
}

int32_t plugin_main(void) {
    engine_Plugin_dyn physics = engine_Plugin_dyn_plugin_Physics(storage);
    *plugin_Physics_steps(storage) = 0;
    int32_t total = 0;
    for (int32_t i = 1; i <= 3; i++) total += engine_Plugin_step(physics, i);
#ifndef NO_CHECK
    engine_check(total > 0);
#endif
#ifdef COPIES
    long copy[8];
    memcpy(copy, storage, sizeof copy);
    total += (int32_t)copy[0];
#endif
    engine_print((const uint8_t *)"plugin: total = ");
    engine_print_num(total);
    engine_print((const uint8_t *)", steps = ");
    engine_print_num(*plugin_Physics_steps(storage));
    engine_print((const uint8_t *)"\n");
    return 0;
}
