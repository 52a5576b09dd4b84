/* The particle kernel, written once against the accessor API of the C bindings (sim.h): sim_Vec3 is the
 * #[frozen] struct, sim_Particle_pos/vel(p) return sim_Vec3 *, sim_Particle_mass(p) returns int32_t *,
 * sim_Particle_size() is the stride. bench/accessors.sh compiles it with three sim.h: native/ (a plain C
 * struct: the oracle), naive/ (markers cast straight to integers) and the generated bindings (race_const). */
#include "sim.h"

void sim_init(uint8_t *ps, int32_t n) {
    uint32_t seed = 12345u;
    char *p = (char *)ps;
    for (int32_t i = 0; i < n; i++, p += sim_Particle_size()) {
        sim_Vec3 *pos = sim_Particle_pos(p);
        sim_Vec3 *vel = sim_Particle_vel(p);
        seed = seed * 1103515245u + 12345u; pos->x = (int32_t)(seed >> 12);
        seed = seed * 1103515245u + 12345u; pos->y = (int32_t)(seed >> 12);
        seed = seed * 1103515245u + 12345u; pos->z = (int32_t)(seed >> 12);
        seed = seed * 1103515245u + 12345u; vel->x = (int32_t)(seed >> 22) - 512;
        seed = seed * 1103515245u + 12345u; vel->y = (int32_t)(seed >> 22) - 512;
        seed = seed * 1103515245u + 12345u; vel->z = (int32_t)(seed >> 22) - 512;
        seed = seed * 1103515245u + 12345u; *sim_Particle_mass(p) = 1 + (int32_t)(seed >> 26);
    }
}

/* steps x (integrate every particle: gravity, move, bounce on the floor; then reduce: mass-weighted kinetic
 * energy and the centre of mass), folded into one checksum. */
int64_t sim_run(uint8_t *ps, int32_t n, int32_t steps) {
    int64_t checksum = 0;
    for (int32_t s = 0; s < steps; s++) {
        char *p = (char *)ps;
        for (int32_t i = 0; i < n; i++, p += sim_Particle_size()) {
            sim_Vec3 *pos = sim_Particle_pos(p);
            sim_Vec3 *vel = sim_Particle_vel(p);
            vel->y -= 3;
            pos->x += vel->x;
            pos->y += vel->y;
            pos->z += vel->z;
            if (pos->y < 0) {
                pos->y = -pos->y;
                vel->y = -vel->y;
            }
        }
        int64_t energy = 0, cy = 0;
        p = (char *)ps;
        for (int32_t i = 0; i < n; i++, p += sim_Particle_size()) {
            const sim_Vec3 *vel = sim_Particle_vel(p);
            int64_t m = *sim_Particle_mass(p);
            energy += m * ((int64_t)vel->x * vel->x + (int64_t)vel->y * vel->y + (int64_t)vel->z * vel->z);
            cy += m * sim_Particle_pos(p)->y;
        }
        checksum = checksum * 31 + energy + cy;
    }
    return checksum;
}

/* for the runtime's check that the particles fit its buffer */
size_t sim_particle_size(void) {
    return sim_Particle_size();
}
