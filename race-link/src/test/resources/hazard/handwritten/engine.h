/* engine.h: what `race bindgen --lang c` generates for engine@1.0.0, written by hand until the generator
 * lands (AArch64MarkerHazardTest then uses the generated header). */
#ifndef RACE_BINDINGS_engine_H
#define RACE_BINDINGS_engine_H
#include <stddef.h>
#include <stdint.h>

#ifndef RACE_CONST_DEFINED
#define RACE_CONST_DEFINED
/* A marker's value, hidden from the optimizer (docs/markers.md, "Using a marker from C"). */
static inline size_t race_const(const char *marker) {
    size_t v;
    __asm__("" : "=r"(v) : "0"(marker));
    return v;
}
#endif

typedef struct engine_Vec3 { int32_t x; int32_t y; int32_t z; } engine_Vec3;
_Static_assert(sizeof(engine_Vec3) == 12, "engine::Vec3 size");
_Static_assert(offsetof(engine_Vec3, y) == 4, "engine::Vec3.y offset");

extern const char __race_size_6engine9Transform[];
extern const char __race_align_6engine9Transform[];
extern const char __race_off_6engine9Transform_3pos[];
extern const char __race_off_6engine9Transform_5scale[];

static inline size_t engine_Transform_size(void) { return race_const(__race_size_6engine9Transform); }
static inline size_t engine_Transform_align(void) { return race_const(__race_align_6engine9Transform); }
static inline engine_Vec3 *engine_Transform_pos(void *self) {
    return (engine_Vec3 *)((char *)self + race_const(__race_off_6engine9Transform_3pos));
}
static inline int32_t *engine_Transform_scale(void *self) {
    return (int32_t *)((char *)self + race_const(__race_off_6engine9Transform_5scale));
}

void engine_print(const uint8_t *s);
void engine_print_num(int64_t v);
#endif
