/* TraitObjectLinkTest's engine: receives a Box<dyn Solid>, calls its own method and the inherited ones through the
 * generated wrappers (Solid's vtable slots), upcasts it to Shape, Named and Tagged (the words the linker put in the
 * vtable), then drops it with the generated engine_Solid_box_drop: drop glue (vtable word 0) if any, then free. */
#include "engine.h"

#include "runtime.h" /* examples/drift/runtime.h: no libc, Linux system calls, _start -> plugin_main */

static void line(const char *what, int64_t v) {
    say(what);
    say(" ");
    engine_print_num(v);
    say("\n");
}

/* a bump allocator: malloc and free as the engine declares them */
static unsigned char arena[4096] __attribute__((aligned(16)));
static size_t used;

void *malloc(size_t size) {
    void *p = arena + used;
    used += (size + 15) & ~(size_t)15;
    return p;
}

void free(void *p) {
    unsigned char *b = p;
    say(b >= arena && b < arena + used ? "free: a block of the arena\n" : "free: NOT an arena block\n");
}

/* Tagged::weight's default body: (self, vtable); the vtable must be the type's vtable as Tagged */
int64_t engine_tagged_weight(const void *self, const void *vtable) {
    engine_Tagged_dyn t;
    t.data = self;
    t.vtable = vtable;
    return engine_Tagged_tag(t) * 100;
}

int32_t engine_adopt(engine_Solid_dyn s) {
    line("size", (int64_t)((const size_t *)s.vtable)[1]);
    line("volume", engine_Solid_volume(s));
    line("area (Shape, through Solid)", engine_Solid_area(s));
    line("name (Named, through Solid)", engine_Solid_name(s));
    line("tag (Tagged, through Solid)", engine_Solid_tag(s));
    line("weight (Tagged, through Solid)", engine_Solid_weight(s));
    engine_Shape_dyn shape = engine_Solid_as_Shape(s);
    line("as Shape: area", engine_Shape_area(shape));
    line("as Shape: name", engine_Shape_name(shape));
    line("as Shape as Named: name", engine_Named_name(engine_Shape_as_Named(shape)));
    line("as Named: name", engine_Named_name(engine_Solid_as_Named(s)));
    engine_Tagged_dyn tagged = engine_Solid_as_Tagged(s);
    line("as Tagged: tag", engine_Tagged_tag(tagged));
    line("as Tagged: weight", engine_Tagged_weight(tagged));
    engine_Solid_box_drop(s);
    say("dropped\n");
    return 0;
}
