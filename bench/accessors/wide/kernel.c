/* The wide kernel: 4096 cells of wide::Cell (twelve i32 fields, resilient), 100 steps in which every field of
 * every cell is updated from its neighbour field, plus a running sum. Written once against the accessor API of
 * the C bindings (wide.h); bench/accessors.sh compiles it with native/wide.h (a plain struct), the generated
 * header, and the generated header with race_const replaced by the naive cast. */
#include "wide.h"

#define FIELDS(X) X(a) X(b) X(c) X(d) X(e) X(f) X(g) X(h) X(i) X(j) X(k) X(l)

void sim_init(uint8_t *cs, int32_t n) {
    char *p = (char *)cs;
    uint32_t seed = 1;
    for (int32_t i = 0; i < n; i++, p += wide_Cell_size()) {
#define INIT(x) seed = seed * 1103515245u + 12345u; *wide_Cell_##x(p) = (int32_t)(seed >> 20);
        FIELDS(INIT)
    }
}

int64_t sim_run(uint8_t *cs, int32_t n, int32_t steps) {
    int64_t sum = 0;
    for (int32_t s = 0; s < steps; s++) {
        char *p = (char *)cs;
        for (int32_t i = 0; i < n; i++, p += wide_Cell_size()) {
            *wide_Cell_a(p) += *wide_Cell_b(p) ^ 0;
            *wide_Cell_b(p) += *wide_Cell_c(p) ^ 1;
            *wide_Cell_c(p) += *wide_Cell_d(p) ^ 2;
            *wide_Cell_d(p) += *wide_Cell_e(p) ^ 3;
            *wide_Cell_e(p) += *wide_Cell_f(p) ^ 4;
            *wide_Cell_f(p) += *wide_Cell_g(p) ^ 5;
            *wide_Cell_g(p) += *wide_Cell_h(p) ^ 6;
            *wide_Cell_h(p) += *wide_Cell_i(p) ^ 7;
            *wide_Cell_i(p) += *wide_Cell_j(p) ^ 8;
            *wide_Cell_j(p) += *wide_Cell_k(p) ^ 9;
            *wide_Cell_k(p) += *wide_Cell_l(p) ^ 10;
            *wide_Cell_l(p) += *wide_Cell_a(p) ^ 11;
            sum += *wide_Cell_a(p) & 255;
        }
    }
    return sum;
}

/* for the runtime's check that the cells fit its buffer */
size_t sim_particle_size(void) {
    return wide_Cell_size();
}
