/* The plugin: fills a Particle through the accessors of the generated headers, prints where each field is (as the
 * link placed it) and has the engine print it back. */
#include "plugin.h"

#include <stddef.h>

static long storage[16];

static void say(const char *s) {
    engine_print((const uint8_t *)s);
}

static void at(const char *name, const void *field, const void *base) {
    say(name);
    say(" ");
    engine_print_num((const char *)field - (const char *)base);
    say("\n");
}

int32_t plugin_main(void) {
    void *p = storage;
    if (engine_Particle_size() > sizeof storage) return 1;
    say("size ");
    engine_print_num((int64_t)engine_Particle_size());
    say("\nalign ");
    engine_print_num((int64_t)engine_Particle_align());
    say("\n");
    at("tag", engine_Particle_tag(p), p);
    at("mass", engine_Particle_mass(p), p);
    at("code", engine_Particle_code(p), p);
    at("charge", engine_Particle_charge(p), p);
    at("id", engine_Particle_id(p), p);
    at("flag", engine_Particle_flag(p), p);
    at("spin", engine_Particle_spin(p), p);
    {
        engine_Pair q;
        say("pair ");
        engine_print_num((int64_t)sizeof q);
        say(" a ");
        engine_print_num((int64_t)offsetof(engine_Pair, a));
        say(" b ");
        engine_print_num((int64_t)offsetof(engine_Pair, b));
        say("\n");
    }
    *engine_Particle_tag(p) = 7;
    *engine_Particle_mass(p) = 1000000007;
    engine_Particle_code(p)[0] = 4;
    engine_Particle_code(p)[3] = 9;
    *engine_Particle_charge(p) = -3;
    *engine_Particle_id(p) = 4242;
    *engine_Particle_flag(p) = 1;
    *engine_Particle_spin(p) = -1;
    engine_show(p);
    return 0;
}
