/* The naive idiom, for comparison only (docs/markers.md says why not to write it): each marker's address
 * cast straight to an integer. */
#ifndef SIM_H
#define SIM_H
#include <stddef.h>
#include <stdint.h>

typedef struct sim_Vec3 { int32_t x; int32_t y; int32_t z; } sim_Vec3;

extern const char __race_size_3sim8Particle[];
extern const char __race_off_3sim8Particle_3pos[];
extern const char __race_off_3sim8Particle_3vel[];
extern const char __race_off_3sim8Particle_4mass[];

static inline size_t sim_Particle_size(void) { return (size_t)__race_size_3sim8Particle; }
static inline sim_Vec3 *sim_Particle_pos(void *self) {
    return (sim_Vec3 *)((char *)self + (size_t)__race_off_3sim8Particle_3pos);
}
static inline sim_Vec3 *sim_Particle_vel(void *self) {
    return (sim_Vec3 *)((char *)self + (size_t)__race_off_3sim8Particle_3vel);
}
static inline int32_t *sim_Particle_mass(void *self) {
    return (int32_t *)((char *)self + (size_t)__race_off_3sim8Particle_4mass);
}

void sim_init(uint8_t *ps, int32_t n);
int64_t sim_run(uint8_t *ps, int32_t n, int32_t steps);
#endif
