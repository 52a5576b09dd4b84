/* The benchmark's freestanding runtime (no libc): _start sets up the particles, runs the kernel once and
 * prints its checksum. callgrind counts only sim_run (--toggle-collect=sim_run). */
#include <stddef.h>
#include <stdint.h>

#define N 4096
#define STEPS 100
#define MAX_PARTICLE 64

void sim_init(uint8_t *ps, int32_t n);
int64_t sim_run(uint8_t *ps, int32_t n, int32_t steps);
size_t sim_particle_size(void);

static long sys3(long n, long a, long b, long c) {
    long r;
    __asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
    return r;
}

/* a compiler may call these for loops it recognises */
void *memset(void *d, int c, size_t n) {
    unsigned char *p = d;
    while (n--) *p++ = (unsigned char)c;
    return d;
}
void *memcpy(void *d, const void *s, size_t n) {
    unsigned char *p = d;
    const unsigned char *q = s;
    while (n--) *p++ = *q++;
    return d;
}

static void print(const char *s) {
    long n = 0;
    while (s[n]) n++;
    sys3(1, 1, (long)s, n);
}

static void print_num(long v) {
    char buf[24];
    int i = 24;
    unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;
    do { buf[--i] = (char)('0' + u % 10); u /= 10; } while (u);
    if (v < 0) buf[--i] = '-';
    sys3(1, 1, (long)(buf + i), 24 - i);
}

static uint64_t particles[N * MAX_PARTICLE / 8];

__attribute__((force_align_arg_pointer)) void _start(void) {
    if (sim_particle_size() > MAX_PARTICLE) {
        print("sim::Particle does not fit 64 bytes\n");
        sys3(60, 1, 0, 0);
    }
    sim_init((uint8_t *)particles, N);
    print("checksum ");
    print_num(sim_run((uint8_t *)particles, N, STEPS));
    print("\n");
    sys3(60, 0, 0, 0);
    for (;;) {}
}
