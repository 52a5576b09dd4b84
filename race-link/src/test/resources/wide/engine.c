/* WideTrampolineLinkTest's engine: the default bodies of Wide, compiled as (self, vtable, args...), print whether
 * self and the vtable are the object's and every argument's bits in hex (floats as their IEEE bits); engine_run
 * calls each method through the generated wrappers, which load the vtable slot and call it with (self, args...). */
#include "engine.h"

#include "runtime.h" /* examples/drift/runtime.h: no libc, Linux system calls (sys3), _start -> plugin_main */

static engine_Wide_dyn current;

static void out(const char *s) {
    long n = 0;
    while (s[n]) n++;
    sys3(SYS_WRITE, 1, (long)s, n);
}

static void hex(uint64_t v, int digits) {
    char b[17];
    b[0] = ' ';
    for (int i = digits; i >= 1; i--) {
        b[i] = "0123456789abcdef"[v & 15];
        v >>= 4;
    }
    sys3(SYS_WRITE, 1, (long)b, digits + 1);
}

static void h64(uint64_t v) { hex(v, 16); }
static void h128(race_u128 v) { hex((uint64_t)(v >> 64), 16); hex((uint64_t)v, 16); }
static void f64b(double d) { union { double d; uint64_t u; } x; x.d = d; h64(x.u); }
static void f32b(float f) { union { float f; uint32_t u; } x; x.f = f; hex(x.u, 8); }

/* self and the vtable must be the object's; the body also calls back through the vtable it was given */
static void who(const char *m, const void *self, const void *vt) {
    engine_Wide_dyn me;
    me.data = (void *)self;
    me.vtable = vt;
    out(m);
    out(self == current.data ? " self=ok" : " self=BAD");
    out(vt == current.vtable ? " vt=ok" : " vt=BAD");
    out(engine_Wide_id(me) == 0x5eed ? " id=ok" : " id=BAD");
}

uint64_t engine_wide_one(const void *self, const void *vt, race_u128 a) {
    who("one", self, vt); h128(a); out("\n");
    return 1;
}

uint64_t engine_wide_two(const void *self, const void *vt, int64_t a, race_u128 b) {
    who("two", self, vt); h64((uint64_t)a); h128(b); out("\n");
    return 2;
}

uint64_t engine_wide_three(const void *self, const void *vt, int32_t a, race_i128 b, int64_t c) {
    who("three", self, vt); hex((uint32_t)a, 8); h128((race_u128)b); h64((uint64_t)c); out("\n");
    return 3;
}

uint64_t engine_wide_floats(const void *self, const void *vt, double a, race_u128 b, float c) {
    who("floats", self, vt); f64b(a); h128(b); f32b(c); out("\n");
    return 4;
}

uint64_t engine_wide_spill(const void *self, const void *vt, uint64_t a, uint64_t b, uint64_t c, uint64_t d,
                           uint64_t e, uint64_t f, uint64_t g, race_u128 h) {
    who("spill", self, vt); h64(a); h64(b); h64(c); h64(d); h64(e); h64(f); h64(g); h128(h); out("\n");
    return 5;
}

uint64_t engine_wide_mixed(const void *self, const void *vt, float a, int8_t b, double c, uint16_t d, race_i128 e,
                           double f, int32_t g, uint8_t h, float i, uint64_t j) {
    who("mixed", self, vt); f32b(a); hex((uint8_t)b, 2); f64b(c); hex(d, 4); h128((race_u128)e); f64b(f);
    hex((uint32_t)g, 8); hex(h, 2); f32b(i); h64(j); out("\n");
    return 6;
}

uint64_t engine_wide_late(const void *self, const void *vt, int64_t a, int64_t b, int64_t c, race_u128 d, int64_t e,
                          double f) {
    who("late", self, vt); h64((uint64_t)a); h64((uint64_t)b); h64((uint64_t)c); h128(d); h64((uint64_t)e); f64b(f);
    out("\n");
    return 7;
}

#define U128(hi, lo) (((race_u128)(hi) << 64) | (race_u128)(lo))

void engine_expect(engine_Wide_dyn w) {
    current = w;
}

int32_t engine_done(uint64_t sum) {
    out(sum == 28 ? "returns=ok\n" : "returns=BAD\n");
    return 0;
}

int32_t engine_run(engine_Wide_dyn w) {
    uint64_t sum = 0;
    engine_expect(w);
    sum += engine_Wide_one(w, U128(0x0123456789abcdefULL, 0xfedcba9876543210ULL));
    sum += engine_Wide_two(w, -2, U128(0x1111222233334444ULL, 0x5555666677778888ULL));
    sum += engine_Wide_three(w, -3, (race_i128)U128(0x8000000000000001ULL, 0x0000000000000002ULL),
                             0x7fffffffffffff07LL);
    sum += engine_Wide_floats(w, 1.5, U128(0xaaaabbbbccccddddULL, 0xeeeeffff00001111ULL), -2.25f);
    sum += engine_Wide_spill(w, 1, 2, 3, 4, 5, 6, 7, U128(0x9999888877776666ULL, 0x5555444433332222ULL));
    sum += engine_Wide_mixed(w, 0.5f, -8, 3.25, 0xbeef, (race_i128)U128(0x0fedcba987654321ULL, 0x123456789abcdef0ULL),
                             -6.5, -7, 200, 9.75f, 0xdeadbeefcafef00dULL);
    sum += engine_Wide_late(w, -1, -2, -3, U128(0x0102030405060708ULL, 0x090a0b0c0d0e0f10ULL), -5, 0.125);
    return engine_done(sum);
}

#ifdef WITH_OPT
/* Wide::opt, in the version of engine.steg that adds it: an Option<f64> is a u64 tag and a double */
struct opt_f64 { uint64_t tag; double v; };
uint64_t engine_wide_opt(const void *self, const void *vt, int64_t a, int64_t b, int64_t c, int64_t d,
                         struct opt_f64 o, double x) {
    who("opt", self, vt); h64((uint64_t)a); h64((uint64_t)b); h64((uint64_t)c); h64((uint64_t)d); h64(o.tag);
    f64b(o.v); f64b(x); out("\n");
    return 8;
}
#endif
