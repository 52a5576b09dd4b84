/* A freestanding runtime shared by the demo engines: no libc, just Linux system calls.
 * Each engine version compiles it into its own object; the program's _start is the engine's.
 * Included after the engine's generated header (engine.h), whose prototypes it implements. */
static long sys3(long n, long a, long b, long c) {
#if defined(__x86_64__)
    long r;
    __asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
    return r;
#elif defined(__aarch64__)
    register long x8 __asm__("x8") = n == 1 ? 64 : 93; /* write, exit_group on AArch64 */
    register long x0 __asm__("x0") = a;
    register long x1 __asm__("x1") = b;
    register long x2 __asm__("x2") = c;
    __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
    return x0;
#endif
}
#define SYS_WRITE 1
#define SYS_EXIT 60

void engine_print(const uint8_t *s) {
    long n = 0;
    while (s[n]) n++;
    sys3(SYS_WRITE, 1, (long)s, n);
}

/* engine_print for string literals */
static inline void say(const char *s) {
    engine_print((const uint8_t *)s);
}

void engine_print_num(int64_t v) {
    char buf[24];
    int i = 24;
    unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;
    do { buf[--i] = (char)('0' + u % 10); u /= 10; } while (u);
    if (v < 0) buf[--i] = '-';
    sys3(SYS_WRITE, 1, (long)(buf + i), 24 - i);
}

/* The program's entry: the plugin's plugin_main (plugin::main, #[symbol = "plugin_main"]) unless the including
 * source names another with RACE_DEMO_MAIN. */
#ifndef RACE_DEMO_MAIN
#define RACE_DEMO_MAIN plugin_main
#endif
int32_t RACE_DEMO_MAIN(void);

#if defined(__x86_64__)
/* The kernel enters _start with %rsp 16-byte aligned, where a called function finds it 8 bytes off: realign, or
 * code that keeps 16-byte values on the stack (movaps spills, as rustc -C opt-level=0 makes) faults. */
__attribute__((force_align_arg_pointer))
#endif
void _start(void) {
    sys3(SYS_EXIT, RACE_DEMO_MAIN(), 0, 0);
    for (;;) {}
}
