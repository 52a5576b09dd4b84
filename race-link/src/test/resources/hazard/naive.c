/* The marker hazard, as a plugin author writes markers by hand. Body embeds the engine's Transform; a Body's
 * scale is reached two ways: through Body.transform then Transform.scale (two markers), and through the nested
 * marker Body.transform.scale (one marker, one add fewer). Both name the same int.
 *
 * Built as is, every marker is cast straight to an integer, the idiom docs/markers.md used to show. GCC's RTL
 * alias analysis then takes the marker symbol as the *base* of each reg+reg address and decides that accesses
 * based on different symbols cannot overlap: aarch64-linux-gnu-gcc 12 at -O2, -O3 and -Os (PIE, -fPIC or
 * -fno-pie) reuses the value loaded before the store for the load after it, and grow() returns the stale scale.
 *
 * Built with -DLAUNDERED, every marker goes through race_const (the idiom of the generated bindings): the same
 * code, and the program is right. AArch64MarkerHazardTest builds both and runs them under qemu-aarch64. */
#include <stddef.h>

extern const char __race_off_6hazard4Body_9transform[];
extern const char __race_off_6engine9Transform_5scale[];
extern const char __race_off_6hazard4Body_9transform5scale[];
extern const char __race_size_6hazard4Body[];

void engine_print(const char *s);
void engine_print_num(long v);

#ifdef LAUNDERED
static inline size_t race_const(const char *marker) {
    size_t v;
    __asm__("" : "=r"(v) : "0"(marker));
    return v;
}
#define OFF(marker) race_const(marker)
#else
#define OFF(marker) ((unsigned long)(marker))
#endif

/* Where the bodies live: the plugin reaches them through memory, as through any container. */
/* grow() stays a function of its own (no inlining, no cloning for the constants main passes it). */
#if defined(__clang__)
#define NOT_INLINED __attribute__((noinline))
#else
#define NOT_INLINED __attribute__((noipa))
#endif

struct world { void *bodies[4]; };

/* Sets the scale of body i to s * k through one path and returns (scale before) * 1000 + (scale after),
 * both read through the other path. */
NOT_INLINED int grow(struct world *w, int i, int s, int k) {
    char *body = w->bodies[i];
    int before = *(int *)(body + OFF(__race_off_6hazard4Body_9transform5scale));
    char *t = body + OFF(__race_off_6hazard4Body_9transform);
    *(int *)(t + OFF(__race_off_6engine9Transform_5scale)) = s * k;
    int after = *(int *)(body + OFF(__race_off_6hazard4Body_9transform5scale));
    return before * 1000 + after;
}

static long storage[32]; /* room for any Body up to 256 bytes, checked below */
struct world the_world = { { storage } };

int hazard_main(void) {
    if (OFF(__race_size_6hazard4Body) > sizeof storage) {
        engine_print("hazard: Body does not fit its storage\n");
        return 1;
    }
    char *body = the_world.bodies[0];
    *(int *)(body + OFF(__race_off_6hazard4Body_9transform5scale)) = 2;
    engine_print("scale before and after: ");
    engine_print_num(grow(&the_world, 0, 3, 7));
    engine_print("\n");
    return 0;
}
