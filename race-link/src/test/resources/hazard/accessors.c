/* The code of naive.c written against the generated C bindings (hazard.h, which includes engine.h; both from
 * `race bindgen --lang c`, AArch64MarkerHazardTest generates them with Bindgen): no marker
 * is named here. A Body's scale is set through the Body's Transform and read back through the Body; the
 * accessors launder every marker (race_const), so no optimizer can assume the two accesses are apart.
 * AArch64MarkerHazardTest builds it with the same compilers and flags as naive.c and runs it under
 * qemu-aarch64: it prints the right scale. */
#include "hazard.h"

/* grow() stays a function of its own (no inlining, no cloning for the constants main passes it). */
#if defined(__clang__)
#define NOT_INLINED __attribute__((noinline))
#else
#define NOT_INLINED __attribute__((noipa))
#endif

struct world { void *bodies[4]; };

NOT_INLINED int grow(struct world *w, int i, int s, int k) {
    void *body = w->bodies[i];
    int before = *engine_Transform_scale(hazard_Body_transform(body));
    void *t = hazard_Body_transform(body);
    *engine_Transform_scale(t) = s * k;
    int after = *engine_Transform_scale(hazard_Body_transform(body));
    return before * 1000 + after;
}

static long storage[32]; /* room for any Body up to 256 bytes, checked below */
struct world the_world = { { storage } };

int32_t hazard_main(void) {
    if (hazard_Body_size() > sizeof storage) {
        engine_print((const uint8_t *)"hazard: Body does not fit its storage\n");
        return 1;
    }
    void *body = the_world.bodies[0];
    *engine_Transform_scale(hazard_Body_transform(body)) = 2;
    engine_print((const uint8_t *)"scale before and after: ");
    engine_print_num(grow(&the_world, 0, 3, 7));
    engine_print((const uint8_t *)"\n");
    return 0;
}
