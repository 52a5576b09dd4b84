/* Built against engine 1.0's generated header, whose engine::Codec is #[frozen]: every call through a Codec vtable
 * uses a constant slot (no __race_slot_ marker in this object). The plugin hands its own Rot codec to the engine,
 * and calls the engine's Doubler through the vtable the link builds. */
#include "plugin.h"

static void say(const char *s) {
    engine_print((const uint8_t *)s);
}

int32_t plugin_rot_encode(const void *self, int32_t x) {
    return x + *plugin_Rot_k(self);
}

int32_t plugin_rot_decode(const void *self, int32_t x) {
    return x - *plugin_Rot_k(self);
}

static long rot_storage[8];
static long doubler_storage[8];

int32_t plugin_main(void) {
    if (plugin_Rot_size() > sizeof rot_storage || engine_Doubler_size() > sizeof doubler_storage) {
        say("plugin: storage too small\n");
        return 1;
    }
    void *rot = rot_storage;
    *plugin_Rot_k(rot) = 7;
    int32_t back = engine_run(engine_Codec_dyn_plugin_Rot(rot), 35);
    engine_Codec_dyn d = engine_Codec_dyn_engine_Doubler(doubler_storage);
    say("plugin: doubler encode ");
    engine_print_num(engine_Codec_encode(d, 20));
    say(" decode ");
    engine_print_num(engine_Codec_decode(d, 41));
    say("\n");
    return back == 35 ? 0 : 2;
}
