/* The engine: prints a Particle through the accessors of its generated header (engine.h). */
#include "engine.h"

#include "runtime.h" /* examples/drift/runtime.h: _start, engine_print, engine_print_num, say */

static void field(const char *name, int64_t v) {
    say(" ");
    say(name);
    say("=");
    engine_print_num(v);
}

void engine_show(const void *p) {
    say("engine:");
    field("tag", *engine_Particle_tag(p));
    field("mass", (int64_t)*engine_Particle_mass(p));
    field("code", engine_Particle_code(p)[0] * 1000 + engine_Particle_code(p)[3]);
    field("charge", *engine_Particle_charge(p));
    field("id", *engine_Particle_id(p));
    field("flag", *engine_Particle_flag(p));
    field("spin", *engine_Particle_spin(p));
    say("\n");
}
