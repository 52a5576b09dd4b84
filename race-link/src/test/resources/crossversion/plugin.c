/* The plugin of the cross-version catalogue (CrossVersionCatalogueTest), compiled once against engine 1.0 and
 * never again. Every layout constant it uses is a marker the linker answers for the engine it is linked with;
 * what it prints depends on each of them, so a stale or wrong constant changes the output. */
extern const char __race_off_6plugin4Body_4mass[];
extern const char __race_off_6plugin4Body_9transform[];
extern const char __race_off_6plugin4Body_8velocity[];
extern const char __race_size_6plugin4Body[];
extern const char __race_off_6plugin4Slot_1t4Some00_[];
extern const char __race_off_6plugin4Slot_1t4Some00_5scale[];
extern const char __race_size_6plugin4Slot[];
extern const char __race_off_6plugin7Physics_7gravity[];
extern const char __race_off_6plugin7Physics_4spin[];
extern const char __race_size_6plugin7Physics[];
extern const char __race_off_6engine9Transform_3pos[];
extern const char __race_off_6engine9Transform_5scale[];
extern const char __race_off_6engine9Transform_4tint1g[];
extern const char __race_off_6engine9Transform_5stats4hits[];
extern const char __race_size_6engine9Transform[];
extern const char __race_size_6engine5Shape[];
extern const char __race_tag_6engine5Shape_6Circle[];
extern const char __race_tag_6engine5Shape_4Rect[];
extern const char __race_off_6engine5Shape_4Rect1w[];
extern const char __race_off_6engine5Shape_4Rect1h[];
extern const char __race_size_6engine5Event[];
extern const char __race_tag_6engine5Event_4Tick[];
extern const char __race_tag_6engine5Event_3Key[];
extern const char __race_off_6engine5Event_3Key00_[];
extern const char __race_vtbl_6engine6Plugin_6plugin7Physics[];

void engine_init(void *t, int x, int y, int z, int scale);
int engine_scale_by(const void *t, int k);
void engine_describe(const void *t);
long engine_sum_scales(const void *ts, long n);
long engine_adopt(void *t);
const void *engine_pick(const void *ts, long i);
void engine_make_shape(void *s, int w, int h);
void engine_next_event(void *e, unsigned n);
long engine_run_plugin(void *data, const void *vtable);
void print_num(long v);
void print_str(const char *s);

/* engine::Vec3 is #[frozen] #[repr(C)]: its layout is promised, so the plugin uses it as a C struct. */
struct Vec3 { int x, y, z; };

#define C(m) ((unsigned long)(m))
#define FIELD(type, base, m) (*(type *)((char *)(base) + C(m)))
#define POS(t) ((struct Vec3 *)((char *)(t) + C(__race_off_6engine9Transform_3pos)))
#define TAG(m) ((unsigned char)C(m))

static long bodies[64];
static long transforms[64];
static long shape[8];
static long event[8];
static long physics[8];
static long slot[32];

static void say(const char *label, long v) {
    print_str(label);
    print_num(v);
}

long physics_name(void *self) { return 7 + FIELD(unsigned char, self, __race_off_6plugin7Physics_4spin); }
long physics_build(void *self, long x) { return x * 100 + FIELD(long, self, __race_off_6plugin7Physics_7gravity); }

static void show_event(const void *e) {
    unsigned char tag = *(const unsigned char *)e;
    if (tag == TAG(__race_tag_6engine5Event_4Tick)) {
        print_str("plugin: event Tick\n");
    } else if (tag == TAG(__race_tag_6engine5Event_3Key)) {
        say("plugin: event Key ", FIELD(unsigned, e, __race_off_6engine5Event_3Key00_));
    } else {
        say("plugin: event with another tag ", tag); /* Event is #[non_exhaustive] */
    }
}

int main(void) {
    unsigned long bsize = C(__race_size_6plugin4Body);
    unsigned long tsize = C(__race_size_6engine9Transform);
    if (2 * bsize > sizeof bodies || 2 * tsize > sizeof transforms || C(__race_size_6engine5Shape) > sizeof shape
            || C(__race_size_6engine5Event) > sizeof event || C(__race_size_6plugin7Physics) > sizeof physics || C(__race_size_6plugin4Slot) > sizeof slot) {
        print_str("plugin: a type does not fit its storage\n");
        return 1;
    }
    /* Two Bodies side by side: Body embeds engine::Transform, so its size and offsets follow the engine's. */
    for (int i = 0; i < 2; i++) {
        char *b = (char *)bodies + i * bsize;
        FIELD(int, b, __race_off_6plugin4Body_4mass) = 70 + i;
        FIELD(int, b, __race_off_6plugin4Body_8velocity) = -9 - i;
        engine_init(b + C(__race_off_6plugin4Body_9transform), 1 + i, 2 + i, 3 + i, 4 + i);
    }
    for (int i = 0; i < 2; i++) {
        char *b = (char *)bodies + i * bsize;
        char *t = b + C(__race_off_6plugin4Body_9transform);
        say("plugin: body mass ", FIELD(int, b, __race_off_6plugin4Body_4mass));
        say("plugin: body velocity ", FIELD(int, b, __race_off_6plugin4Body_8velocity));
        say("plugin: pos.x ", POS(t)->x);
        say("plugin: pos.y ", POS(t)->y);
        say("plugin: pos.z ", POS(t)->z);
        say("plugin: scale ", FIELD(int, t, __race_off_6engine9Transform_5scale));
        say("plugin: tint.g ", FIELD(unsigned char, t, __race_off_6engine9Transform_4tint1g));
        say("plugin: stats.hits ", FIELD(int, t, __race_off_6engine9Transform_5stats4hits));
    }
    /* The plugin writes through its markers, the engine reads through its own. */
    char *t0 = (char *)bodies + C(__race_off_6plugin4Body_9transform);
    FIELD(int, t0, __race_off_6engine9Transform_5scale) = 6;
    FIELD(int, t0, __race_off_6engine9Transform_5stats4hits) += 5;
    FIELD(unsigned char, t0, __race_off_6engine9Transform_4tint1g) = 99;
    POS(t0)->y = 40;
    say("plugin: scale_by(3) ", engine_scale_by(t0, 3));
    engine_describe(t0);
    engine_describe((char *)bodies + bsize + C(__race_off_6plugin4Body_9transform));
    /* An array of Transforms: the plugin's stride and the engine's must agree. */
    for (int i = 0; i < 2; i++) {
        char *t = (char *)transforms + i * tsize;
        engine_init(t, i, i, i, 10 * (i + 1));
        FIELD(int, t, __race_off_6engine9Transform_5scale) += 1000 * (i + 1);
    }
    say("plugin: sum_scales ", engine_sum_scales(transforms, 2));
    say("plugin: pick(1) scale ", FIELD(int, engine_pick(transforms, 1), __race_off_6engine9Transform_5scale));
    say("plugin: adopt ", engine_adopt((char *)transforms + tsize));
    say("plugin: adopted scale ", FIELD(int, (char *)transforms + tsize, __race_off_6engine9Transform_5scale));
    /* A Transform inside an Option: the engine fills it at Some.0, the plugin reads Some.0.scale. */
    engine_init((char *)slot + C(__race_off_6plugin4Slot_1t4Some00_), 5, 6, 7, 8);
    say("plugin: slot scale ", FIELD(int, slot, __race_off_6plugin4Slot_1t4Some00_5scale));
    /* Enums: tags and variant fields through markers. */
    engine_make_shape(shape, 3, 4);
    unsigned char stag = *(unsigned char *)shape;
    if (stag == TAG(__race_tag_6engine5Shape_4Rect)) {
        say("plugin: shape Rect area ", FIELD(int, shape, __race_off_6engine5Shape_4Rect1w)
                * FIELD(int, shape, __race_off_6engine5Shape_4Rect1h) + 1000 * FIELD(int, shape, __race_off_6engine5Shape_4Rect1w));
    } else if (stag == TAG(__race_tag_6engine5Shape_6Circle)) {
        print_str("plugin: shape Circle\n");
    } else {
        say("plugin: shape with another tag ", stag);
    }
    engine_next_event(event, 0);
    show_event(event);
    engine_next_event(event, 42);
    show_event(event);
    /* A trait object: the engine calls the plugin through the vtable the linker builds. */
    FIELD(long, physics, __race_off_6plugin7Physics_7gravity) = 30;
    FIELD(unsigned char, physics, __race_off_6plugin7Physics_4spin) = 2;
    say("plugin: run_plugin ", engine_run_plugin(physics, __race_vtbl_6engine6Plugin_6plugin7Physics));
    return 0;
}
