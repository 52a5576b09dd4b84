/* The oracle: sim::Particle as a plain C struct, behind the same accessor names as the bindings. */
#ifndef SIM_H
#define SIM_H
#include <stddef.h>
#include <stdint.h>

typedef struct sim_Vec3 { int32_t x; int32_t y; int32_t z; } sim_Vec3;
typedef struct sim_Particle { sim_Vec3 pos; sim_Vec3 vel; int32_t mass; } sim_Particle;

static inline size_t sim_Particle_size(void) { return sizeof(sim_Particle); }
static inline sim_Vec3 *sim_Particle_pos(void *self) { return &((sim_Particle *)self)->pos; }
static inline sim_Vec3 *sim_Particle_vel(void *self) { return &((sim_Particle *)self)->vel; }
static inline int32_t *sim_Particle_mass(void *self) { return &((sim_Particle *)self)->mass; }

void sim_init(uint8_t *ps, int32_t n);
int64_t sim_run(uint8_t *ps, int32_t n, int32_t steps);
#endif
