/* hazard.h: what `race bindgen --lang c` generates for hazard@1.0.0, written by hand until the generator
 * lands (AArch64MarkerHazardTest then uses the generated header). */
#ifndef RACE_BINDINGS_hazard_H
#define RACE_BINDINGS_hazard_H
#include <stddef.h>
#include <stdint.h>
#include "engine.h"

extern const char __race_size_6hazard4Body[];
extern const char __race_align_6hazard4Body[];
extern const char __race_off_6hazard4Body_4mass[];
extern const char __race_off_6hazard4Body_9transform[];

static inline size_t hazard_Body_size(void) { return race_const(__race_size_6hazard4Body); }
static inline size_t hazard_Body_align(void) { return race_const(__race_align_6hazard4Body); }
static inline int32_t *hazard_Body_mass(void *self) {
    return (int32_t *)((char *)self + race_const(__race_off_6hazard4Body_4mass));
}
static inline void *hazard_Body_transform(void *self) {
    return (char *)self + race_const(__race_off_6hazard4Body_9transform);
}

int32_t hazard_main(void);
#endif
