/* WideTrampolineLinkTest's plugin: a Probe that implements only Wide::id, handed to the engine as &dyn Wide through
 * the generated bindings (plugin.h's vtable maker, engine.h's engine_run). */
#include "engine.h"
#include "plugin.h"

static uint64_t probe[4];

uint64_t plugin_probe_id(const void *self) {
    return *plugin_Probe_tag((void *)self);
}

int32_t plugin_main(void) {
    *plugin_Probe_tag(probe) = 0x5eed;
    return engine_run(engine_Wide_dyn_plugin_Probe(probe));
}
