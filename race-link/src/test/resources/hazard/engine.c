/* The engine of the marker-hazard reproducer: a freestanding runtime (Linux system calls, no libc) that runs
 * hazard_main and exits with its status. It compiles for AArch64 and x86-64. */
static long sys3(long n, long a, long b, long c) {
#if defined(__aarch64__)
    register long x8 __asm__("x8") = n == 1 ? 64 : 93; /* write, exit_group */
    register long x0 __asm__("x0") = a;
    register long x1 __asm__("x1") = b;
    register long x2 __asm__("x2") = c;
    __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
    return x0;
#else
    long r;
    __asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
    return r;
#endif
}

void engine_print(const char *s) {
    long n = 0;
    while (s[n]) n++;
    sys3(1, 1, (long)s, n);
}

void engine_print_num(long v) {
    char buf[24];
    int i = 24;
    unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;
    do { buf[--i] = (char)('0' + u % 10); u /= 10; } while (u);
    if (v < 0) buf[--i] = '-';
    sys3(1, 1, (long)(buf + i), 24 - i);
}

int hazard_main(void);

void _start(void) {
    sys3(60, hazard_main(), 0, 0);
    for (;;) {}
}
