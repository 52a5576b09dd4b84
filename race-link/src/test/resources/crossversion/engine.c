/* The engine of every version of the cross-version catalogue (CrossVersionCatalogueTest): one source, compiled
 * once per variant with -D flags for the changes that need other code (a field's C type, a removed field or
 * function, an added method). Workspace.RUNTIME_C is prepended: _start, print_num, print_str.
 * Every field of a resilient type is reached through an offset-of marker, so the same code is right for every
 * layout the linker chooses; Vec3 is frozen, so its C layout is used directly. */
#ifndef SCALE_T
#define SCALE_T int         /* Transform.scale */
#endif
#ifndef HITS_T
#define HITS_T int          /* Stats.hits */
#endif
#ifndef K_T
#define K_T int             /* scale_by's k */
#endif
#ifndef RET_T
#define RET_T int           /* scale_by's return type */
#endif
#ifndef BUILD_X_T
#define BUILD_X_T long      /* Plugin::build's x */
#endif
#ifndef Y_T
#define Y_T int             /* Vec3.y */
#endif
#ifndef KEY_T
#define KEY_T unsigned      /* Event::Key's payload */
#endif
#ifndef SCALE_BY
#define SCALE_BY engine_scale_by
#endif

struct Vec3 {
    int x;
    Y_T y;
    int z;
#ifdef VEC3_W
    int w;
#endif
};

extern const char __race_off_6engine9Transform_3pos[];
#ifndef NO_SCALE
extern const char __race_off_6engine9Transform_5scale[];
#endif
extern const char __race_off_6engine9Transform_4tint1r[];
extern const char __race_off_6engine9Transform_4tint1g[];
extern const char __race_off_6engine9Transform_4tint1b[];
extern const char __race_off_6engine9Transform_5stats4hits[];
#ifndef NO_MISSES
extern const char __race_off_6engine9Transform_5stats6misses[];
#endif
#ifndef NO_SPARE
extern const char __race_off_6engine9Transform_5spare[];
#endif
#ifdef HAS_LAYER
extern const char __race_off_6engine9Transform_5layer[];
#endif
#ifdef HAS_CRITS
extern const char __race_off_6engine9Transform_5stats5crits[];
#endif
#ifdef HAS_WIDE
extern const char __race_off_6engine9Transform_4wide[];
#endif
#ifdef HAS_LAYER_STRUCT
extern const char __race_off_6engine9Transform_5layer2id[];
extern const char __race_off_6engine9Transform_5layer5depth[];
#endif
extern const char __race_size_6engine9Transform[];
extern const char __race_size_6engine5Shape[];
extern const char __race_tag_6engine5Shape_4Rect[];
extern const char __race_off_6engine5Shape_4Rect1w[];
extern const char __race_off_6engine5Shape_4Rect1h[];
extern const char __race_size_6engine5Event[];
extern const char __race_tag_6engine5Event_4Tick[];
#ifndef NO_KEY
extern const char __race_tag_6engine5Event_3Key[];
extern const char __race_off_6engine5Event_3Key00_[];
#endif
#ifndef NO_NAME
extern const char __race_slot_6engine6Plugin_4name[];
#endif
extern const char __race_slot_6engine6Plugin_5build[];
#ifdef HAS_PRIORITY
extern const char __race_slot_6engine6Plugin_8priority[];
#endif

#define C(m) ((unsigned long)(m))
#define FIELD(type, base, m) (*(type *)((char *)(base) + C(m)))
#define POS(t) ((struct Vec3 *)((char *)(t) + C(__race_off_6engine9Transform_3pos)))
#define SLOT(vt, m) (*(void *const *)((const char *)(vt) + C(m)))

static void zero(void *p, unsigned long n) {
    for (unsigned long i = 0; i < n; i++) ((volatile char *)p)[i] = 0;
}

/* Fields the plugin never reads: the engine writes them and checks them back, so an overlap with anything the
 * plugin writes shows up as "CORRUPT". */
#define MISSES (-77)
#define SPARE 0x5151
#define LAYER 0x1a1a
#define CRITS 0xc1c1

void engine_init(void *t, int x, int y, int z, int scale) {
    POS(t)->x = x;
    POS(t)->y = y;
    POS(t)->z = z;
#ifndef NO_SCALE
    FIELD(SCALE_T, t, __race_off_6engine9Transform_5scale) = scale;
#endif
    FIELD(unsigned char, t, __race_off_6engine9Transform_4tint1r) = (unsigned char)(x + 10);
    FIELD(unsigned char, t, __race_off_6engine9Transform_4tint1g) = (unsigned char)(y + 20);
    FIELD(unsigned char, t, __race_off_6engine9Transform_4tint1b) = (unsigned char)(z + 30);
    FIELD(HITS_T, t, __race_off_6engine9Transform_5stats4hits) = scale * 100;
#ifndef NO_MISSES
    FIELD(int, t, __race_off_6engine9Transform_5stats6misses) = MISSES;
#endif
#ifndef NO_SPARE
    FIELD(long, t, __race_off_6engine9Transform_5spare) = SPARE;
#endif
#ifdef HAS_LAYER
    FIELD(long, t, __race_off_6engine9Transform_5layer) = LAYER;
#endif
#ifdef HAS_CRITS
    FIELD(long, t, __race_off_6engine9Transform_5stats5crits) = CRITS;
#endif
#ifdef HAS_WIDE
    FIELD(unsigned __int128, t, __race_off_6engine9Transform_4wide) = (unsigned __int128)LAYER << 64 | LAYER;
#endif
#ifdef HAS_LAYER_STRUCT
    FIELD(unsigned short, t, __race_off_6engine9Transform_5layer2id) = (unsigned short)LAYER;
    FIELD(long, t, __race_off_6engine9Transform_5layer5depth) = LAYER;
#endif
}

static int private_fields_intact(const void *t) {
    int ok = 1;
#ifndef NO_MISSES
    ok &= FIELD(int, t, __race_off_6engine9Transform_5stats6misses) == MISSES;
#endif
#ifndef NO_SPARE
    ok &= FIELD(long, t, __race_off_6engine9Transform_5spare) == SPARE;
#endif
#ifdef HAS_LAYER
    ok &= FIELD(long, t, __race_off_6engine9Transform_5layer) == LAYER;
#endif
#ifdef HAS_CRITS
    ok &= FIELD(long, t, __race_off_6engine9Transform_5stats5crits) == CRITS;
#endif
#ifdef HAS_WIDE
    ok &= FIELD(unsigned __int128, t, __race_off_6engine9Transform_4wide) == ((unsigned __int128)LAYER << 64 | LAYER);
#endif
#ifdef HAS_LAYER_STRUCT
    ok &= FIELD(unsigned short, t, __race_off_6engine9Transform_5layer2id) == (unsigned short)LAYER;
    ok &= FIELD(long, t, __race_off_6engine9Transform_5layer5depth) == LAYER;
#endif
    (void)t;
    return ok;
}

static long scale_of(const void *t) {
#ifndef NO_SCALE
    return FIELD(SCALE_T, t, __race_off_6engine9Transform_5scale);
#else
    (void)t;
    return 1;
#endif
}

RET_T SCALE_BY(const void *t, K_T k) {
    return (RET_T)(scale_of(t) * k + POS(t)->y);
}

static void say(const char *label, long v) {
    print_str(label);
    print_num(v);
}

void engine_describe(const void *t) {
    say("engine: pos.x ", POS(t)->x);
    say("engine: pos.y ", POS(t)->y);
    say("engine: pos.z ", POS(t)->z);
    say("engine: scale ", scale_of(t));
    say("engine: tint.r ", FIELD(unsigned char, t, __race_off_6engine9Transform_4tint1r));
    say("engine: tint.g ", FIELD(unsigned char, t, __race_off_6engine9Transform_4tint1g));
    say("engine: tint.b ", FIELD(unsigned char, t, __race_off_6engine9Transform_4tint1b));
    say("engine: stats.hits ", FIELD(HITS_T, t, __race_off_6engine9Transform_5stats4hits));
    print_str(private_fields_intact(t) ? "engine: private fields intact\n" : "engine: private fields CORRUPT\n");
}

long engine_sum_scales(const void *ts, long n) {
    long sum = 0;
    for (long i = 0; i < n; i++) {
        const char *t = (const char *)ts + i * C(__race_size_6engine9Transform);
        sum += scale_of(t) + FIELD(HITS_T, t, __race_off_6engine9Transform_5stats4hits);
    }
    return sum;
}

/* Takes ownership: a real engine would free it; this one only reads it and poisons its scale. */
long engine_adopt(void *t) {
    long r = scale_of(t) * 1000 + POS(t)->z;
#ifndef NO_SCALE
    FIELD(SCALE_T, t, __race_off_6engine9Transform_5scale) = -1;
#endif
    return r;
}

const void *engine_pick(const void *ts, long i) {
    return (const char *)ts + i * C(__race_size_6engine9Transform);
}

void engine_make_shape(void *s, int w, int h) {
    zero(s, C(__race_size_6engine5Shape));
    *(unsigned char *)s = (unsigned char)C(__race_tag_6engine5Shape_4Rect);
    FIELD(int, s, __race_off_6engine5Shape_4Rect1w) = w;
    FIELD(int, s, __race_off_6engine5Shape_4Rect1h) = h;
}

void engine_next_event(void *e, unsigned n) {
    zero(e, C(__race_size_6engine5Event));
#ifndef NO_KEY
    if (n != 0) {
        *(unsigned char *)e = (unsigned char)C(__race_tag_6engine5Event_3Key);
        FIELD(KEY_T, e, __race_off_6engine5Event_3Key00_) = n;
        return;
    }
#endif
    *(unsigned char *)e = (unsigned char)C(__race_tag_6engine5Event_4Tick);
}

typedef long (*name_fn)(void *);
typedef long (*build_fn)(void *, BUILD_X_T);

#ifdef HAS_PRIORITY
/* The default body of Plugin::priority: self's data pointer and vtable, then the arguments. */
long engine_default_priority(void *self, void *const *vtable) {
    return ((name_fn)SLOT(vtable, __race_slot_6engine6Plugin_4name))(self) * 10;
}
#endif

long engine_run_plugin(void *data, const void *vtable) {
#ifndef NO_NAME
    long name = ((name_fn)SLOT(vtable, __race_slot_6engine6Plugin_4name))(data);
#else
    long name = 9; /* what the plugin's name() returned before the trait lost it */
#endif
    long built = ((build_fn)SLOT(vtable, __race_slot_6engine6Plugin_5build))(data, 5);
#ifdef HAS_PRIORITY
    long priority = ((name_fn)SLOT(vtable, __race_slot_6engine6Plugin_8priority))(data);
#else
    long priority = name * 10;
#endif
    say("engine: plugin name ", name);
    say("engine: plugin build(5) ", built);
    say("engine: plugin priority ", priority);
    return name + built + priority;
}

#ifndef NO_UNUSED
unsigned engine_unused(unsigned x) { return x + 1; }
#endif

#ifdef HAS_RESET
void engine_reset(void *t) { engine_init(t, 0, 0, 0, 1); }
#endif
