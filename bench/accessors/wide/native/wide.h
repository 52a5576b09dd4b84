/* The oracle: wide::Cell as a plain C struct, behind the same accessor names as the bindings. */
#ifndef WIDE_H
#define WIDE_H
#include <stddef.h>
#include <stdint.h>

typedef struct wide_Cell {
    int32_t a, b, c, d, e, f, g, h, i, j, k, l;
} wide_Cell;

static inline size_t wide_Cell_size(void) { return sizeof(wide_Cell); }
#define WIDE_FIELD(x) static inline int32_t *wide_Cell_##x(const void *self) { return &((wide_Cell *)self)->x; }
WIDE_FIELD(a) WIDE_FIELD(b) WIDE_FIELD(c) WIDE_FIELD(d) WIDE_FIELD(e) WIDE_FIELD(f)
WIDE_FIELD(g) WIDE_FIELD(h) WIDE_FIELD(i) WIDE_FIELD(j) WIDE_FIELD(k) WIDE_FIELD(l)

void sim_init(uint8_t *cs, int32_t n);
int64_t sim_run(uint8_t *cs, int32_t n, int32_t steps);
#endif
