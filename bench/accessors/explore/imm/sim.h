/* EXPLORE: x86-64 non-PIC only: the marker as the displacement of an lea in the asm's text
 * (bench/accessors/explore/README.md). */
#ifndef SIM_H
#define SIM_H
#include <stddef.h>
#include <stdint.h>

typedef struct sim_Vec3 { int32_t x; int32_t y; int32_t z; } sim_Vec3;

extern const char __race_size_3sim8Particle[];
extern const char __race_off_3sim8Particle_3pos[];
extern const char __race_off_3sim8Particle_3vel[];
extern const char __race_off_3sim8Particle_4mass[];

#define SIM_AT(self, marker) ({ void *p_; __asm__("lea %c1(%2), %0" : "=r"(p_) : "i"(marker), "r"(self)); p_; })

static inline size_t sim_Particle_size(void) {
    size_t v;
    __asm__("mov %1, %0" : "=r"(v) : "i"(__race_size_3sim8Particle));
    return v;
}
static inline sim_Vec3 *sim_Particle_pos(void *self) { return SIM_AT(self, __race_off_3sim8Particle_3pos); }
static inline sim_Vec3 *sim_Particle_vel(void *self) { return SIM_AT(self, __race_off_3sim8Particle_3vel); }
static inline int32_t *sim_Particle_mass(void *self) { return SIM_AT(self, __race_off_3sim8Particle_4mass); }

void sim_init(uint8_t *ps, int32_t n);
int64_t sim_run(uint8_t *ps, int32_t n, int32_t steps);
#endif
