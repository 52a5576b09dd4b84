#include "hello.h"

int32_t hello_sum(const hello_Point *p) { return p->x + p->y; }
