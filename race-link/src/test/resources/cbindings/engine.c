/* The engine, written only against its generated header (race bindgen --lang c -o engine.h engine.steg).
 * ENGINE_2 selects the code for engine 2.0, whose header has the fields and variants 2.0 added. */
#include "engine.h"

/* write (n = 1) and exit (n = 60) as Linux system calls, on x86-64 and AArch64 */
static long sys3(long n, long a, long b, long c) {
#if defined(__aarch64__)
    register long x8 __asm__("x8") = n == 1 ? 64 : 93;
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

void engine_print(const uint8_t *s) {
    long n = 0;
    while (s[n]) n++;
    sys3(1, 1, (long)s, n);
}

void engine_print_num(int64_t v) {
    char buf[24];
    int i = 24;
    uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;
    do { buf[--i] = (char)('0' + u % 10); u /= 10; } while (u);
    if (v < 0) buf[--i] = '-';
    sys3(1, 1, (long)(buf + i), 24 - i);
}

static void say(const char *s) {
    engine_print((const uint8_t *)s);
}

int64_t engine_area(const void *s) {
    switch (engine_Shape_variant(s)) {
    case engine_Shape_Empty: return 0;
    case engine_Shape_Circle: return 3 * (int64_t)*engine_Shape_Circle_0(s) * *engine_Shape_Circle_0(s);
    case engine_Shape_Rect: return (int64_t)*engine_Shape_Rect_w(s) * *engine_Shape_Rect_h(s);
#ifdef ENGINE_2
    case engine_Shape_Tri: return *engine_Shape_Tri_a(s) + *engine_Shape_Tri_b(s) + *engine_Shape_Tri_c(s);
#endif
    case engine_Shape_Variant_UNKNOWN: break;
    }
    return -1;
}

int32_t engine_run(engine_Plugin_dyn p, void *t, int32_t steps) {
    race_str name = engine_Plugin_name(p);
    int32_t total = 0;
    int32_t i;
#ifdef ENGINE_2
    say("engine 2.0: Transform is ");
#else
    say("engine 1.0: Transform is ");
#endif
    engine_print_num((int64_t)engine_Transform_size());
    say(" bytes; running plugin ");
    sys3(1, 1, (long)name.ptr, (long)name.len);
    say("\n");
    for (i = 1; i <= steps; i++) {
        const engine_Vec3 *pos;
        total += engine_Plugin_step(p, t, i);
        pos = engine_Transform_pos(t);
        say("engine: step ");
        engine_print_num(i);
        say(": pos = (");
        engine_print_num(pos->x);
        say(", ");
        engine_print_num(pos->y);
        say(", ");
        engine_print_num(pos->z);
        say("), scale = ");
        engine_print_num(*engine_Transform_scale(t));
#ifdef ENGINE_2
        say(", layer = ");
        engine_print_num(*engine_Transform_layer(t));
        say(", rotation = ");
        engine_print_num(*engine_Transform_rotation(t));
#endif
        say("\n");
    }
    return total;
}

int32_t plugin_main(void); /* the program's entry: plugin::main */

void _start(void) {
    sys3(60, plugin_main(), 0, 0);
    for (;;) {}
}
