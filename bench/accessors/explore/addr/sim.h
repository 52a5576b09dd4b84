/* EXPLORE: each accessor launders the address it returns (bench/accessors/explore/README.md). */
#ifndef SIM_H
#define SIM_H
#include <stddef.h>
#include <stdint.h>

typedef struct sim_Vec3 { int32_t x; int32_t y; int32_t z; } sim_Vec3;

extern const char __race_size_3sim8Particle[];
extern const char __race_off_3sim8Particle_3pos[];
extern const char __race_off_3sim8Particle_3vel[];
extern const char __race_off_3sim8Particle_4mass[];

static inline void *sim_launder(void *p) {
    __asm__("" : "+r"(p));
    return p;
}
static inline size_t sim_Particle_size(void) {
    size_t v;
    __asm__("" : "=r"(v) : "0"(__race_size_3sim8Particle));
    return v;
}
static inline sim_Vec3 *sim_Particle_pos(void *self) {
    return sim_launder((char *)self + (size_t)__race_off_3sim8Particle_3pos);
}
static inline sim_Vec3 *sim_Particle_vel(void *self) {
    return sim_launder((char *)self + (size_t)__race_off_3sim8Particle_3vel);
}
static inline int32_t *sim_Particle_mass(void *self) {
    return sim_launder((char *)self + (size_t)__race_off_3sim8Particle_4mass);
}

void sim_init(uint8_t *ps, int32_t n);
int64_t sim_run(uint8_t *ps, int32_t n, int32_t steps);
#endif
