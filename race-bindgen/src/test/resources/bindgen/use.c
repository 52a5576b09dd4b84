/* Uses every declaration of the sample engine.h and plugin.h: compiled warning-free by the tests. */
#include "engine.h"
#include "plugin.h"

long use_transform(void *t) {
    long s = (long)engine_Transform_size() + (long)engine_Transform_align();
    engine_Transform_pos(t)->x = 1;
    s += engine_Transform_pos(t)->y;
    *engine_Transform_scale(t) = 2.0f;
    *engine_Transform_layer(t) = 3;
    *engine_Transform_id(t) = 4;
    *engine_Transform_big(t) = (race_u128)5;
    *engine_Transform_neg(t) = (race_i128)-6;
    *engine_Transform_signed(t) = -7;
    *engine_Transform_count(t) = 8;
    *engine_Transform_flag(t) = true;
    *engine_Transform_letter(t) = 'x';
    s += engine_Transform_parent(t) != 0;
    *engine_Transform_child(t) = t;
    s += (*engine_Transform_owned(t))->z;
    s += (long)engine_Transform_name(t)->len;
    s += *(int32_t *)engine_Transform_pair(t);
    s += engine_Transform_maybe(t) != 0;
    s += *engine_Transform_maybe_Some_0(t);
    engine_Transform_grid(t)[3] = 1.5f;
    s += *engine_Transform_callback(t) != 0;
    s += *engine_Inner_depth(engine_Transform_inner(t));
    s += engine_Shape_variant(engine_Transform_shape(t)) == engine_Shape_Rect;
    s += (long)engine_Inner_size() + (long)engine_Inner_align();
    return s;
}

long use_tuple_struct(void *p) {
    *engine_Pair_0(p) = 1;
    *engine_Pair_1(p) = 2;
    return (long)engine_Pair_size() + (long)engine_Pair_align();
}

long use_enums(void *shape, void *ev, void *kind, void *mr, void *only, void *nev) {
    long s = (long)engine_Shape_size() + (long)engine_Shape_align();
    switch (engine_Shape_variant(shape)) {
    case engine_Shape_Circle: s += *engine_Shape_Circle_r(shape); break;
    case engine_Shape_Rect: s += *engine_Shape_Rect_w(shape) * *engine_Shape_Rect_h(shape); break;
    case engine_Shape_Empty: break;
    case engine_Shape_Variant_UNKNOWN: s = -1; break;
    }
    engine_Shape_set_variant(shape, engine_Shape_Empty);
    s += (long)engine_Event_size() + (long)engine_Event_align();
    if (engine_Event_variant(ev) == engine_Event_Key) s += *engine_Event_Key_0(ev) + *engine_Event_Key_1(ev);
    if (engine_Event_variant(ev) == engine_Event_Click) s += engine_Event_Click_at(ev)->x;
    engine_Event_set_variant(ev, engine_Event_Quit);
    s += (long)engine_Kind_size() + (long)engine_Kind_align() + (engine_Kind_variant(kind) == engine_Kind_Rock);
    engine_Kind_set_variant(kind, engine_Kind_Ice);
    s += (long)engine_MaybeRef_size() + (long)engine_MaybeRef_align();
    if (engine_MaybeRef_variant(mr) == engine_MaybeRef_Some) s += (*engine_MaybeRef_Some_0(mr))->x;
    engine_MaybeRef_set_variant(mr, engine_MaybeRef_None);
    s += (long)engine_Only_size() + (long)engine_Only_align() + *engine_Only_One_0(only);
    s += engine_Only_variant(only) == engine_Only_One;
    engine_Only_set_variant(only, engine_Only_One);
    s += (long)engine_Never_size() + (long)engine_Never_align() + (engine_Never_variant(nev) == engine_Never_Variant_UNKNOWN);
    engine_Never_set_variant(nev, engine_Never_Variant_UNKNOWN);
    return s;
}

long use_frozen(engine_Particle *p, engine_Packed *k, engine_Aligned *a, engine_math_Mat *m, plugin_Spot *spot) {
    long s = p->alive + p->pos.x + (long)p->mass + p->hist[2] + (p->next != 0) + p->int_;
    s += engine_Kind_variant(p->kind) == engine_Kind_Dust;
    s += k->a + a->a + (long)m->m[1][1] + spot->at.z + spot->w;
    return s;
}

long use_trait(engine_Plugin_dyn pl, void *t, void *physics) {
    race_str n = engine_Plugin_name(pl);
    uint8_t bytes[2] = {1, 2};
    race_slice sl;
    sl.ptr = bytes;
    sl.len = 2;
    long s = (long)n.len + engine_Plugin_build(pl, t, 3) + engine_Plugin_describe(pl, pl, sl);
    s += (long)(uintptr_t)engine_Plugin_vtable_engine_Physics();
    s += engine_Plugin_dyn_engine_Physics(physics).data != 0;
    s += (long)(uintptr_t)engine_Plugin_vtable_plugin_Physics();
    s += (long)(uintptr_t)engine_Plugin_dyn_plugin_Physics(physics).vtable;
    *engine_Physics_g(physics) = 1;
    *plugin_Physics_g(physics) = 2;
    s += (long)engine_Physics_size() + (long)engine_Physics_align() + (long)plugin_Physics_size()
            + (long)plugin_Physics_align();
    return s;
}

long use_supertraits(engine_Widget_dyn w, void *t) {
    long s = (long)engine_Widget_size(w) + engine_Widget_label(w) + (long)engine_Widget_name(w).len
            + engine_Widget_build(w, t, 1);
    engine_Plugin_dyn p = engine_Widget_as_Plugin(w);
    engine_Labeled_dyn l = engine_Widget_as_Labeled(w);
    s += (long)engine_Plugin_name(p).len + engine_Labeled_label(l);
    s += engine_Widget_describe(w, p, engine_Widget_name(w).len ? (race_slice){0, 0} : (race_slice){0, 0});
    engine_Labeled_box_drop(l);
    engine_Widget_box_drop(w);
    engine_physics_drop(t);
    return s;
}

long use_functions(void *t, engine_Plugin_dyn pl) {
    engine_Vec3 v;
    engine_Id id = 7;
    engine_Point pt;
    engine_Handle h = t;
    race_str msg;
    v.x = 1;
    v.y = 2;
    v.z = 3;
    pt = v;
    msg.ptr = (const uint8_t *)"hi";
    msg.len = 2;
    engine_transform_init(h, 1, 2, 3, 1.0f);
    if (engine_vec_len(pt, 0, 0) + (long)plain(1, 2) > (long)id) engine_run(pl, msg);
    return plugin_main();
}

long use_body(void *body) {
    long s = (long)plugin_Body_size() + (long)plugin_Body_align();
    *plugin_Body_mass(body) = 70;
    engine_Transform_pos(plugin_Body_transform(body))->y += plugin_Body_velocity(body)->y;
    return s;
}

/* field-exists: every resilient struct's fields */
int use_has(void) {
    return engine_Pair_has_0()
        + engine_Pair_has_1()
        + engine_Inner_has_depth()
        + engine_Physics_has_g()
        + engine_Transform_has_id()
        + engine_Transform_has_big()
        + engine_Transform_has_neg()
        + engine_Transform_has_pos()
        + engine_Transform_has_flag()
        + engine_Transform_has_grid()
        + engine_Transform_has_name()
        + engine_Transform_has_pair()
        + engine_Transform_has_child()
        + engine_Transform_has_count()
        + engine_Transform_has_inner()
        + engine_Transform_has_layer()
        + engine_Transform_has_maybe()
        + engine_Transform_has_owned()
        + engine_Transform_has_scale()
        + engine_Transform_has_shape()
        + engine_Transform_has_letter()
        + engine_Transform_has_parent()
        + engine_Transform_has_signed()
        + engine_Transform_has_callback()
        + plugin_Body_has_mass()
        + plugin_Body_has_velocity()
        + plugin_Body_has_transform()
        + plugin_Physics_has_g();
}

/* Every resilient struct's init: a copy of its init image (__race_init_ marker) over the storage. */
void use_init(void *p) {
    engine_Transform_init(p);
    engine_Inner_init(p);
    engine_Pair_init(p);
    engine_Physics_init(p);
    plugin_Body_init(p);
    plugin_Physics_init(p);
}

/* type-exists: every resilient struct and every enum (the types whose size is a marker) */
int use_exists(void) {
    return engine_Transform_exists()
        + engine_Inner_exists()
        + engine_Pair_exists()
        + engine_Physics_exists()
        + engine_Shape_exists()
        + engine_Event_exists()
        + engine_Kind_exists()
        + engine_MaybeRef_exists()
        + engine_Only_exists()
        + engine_Never_exists()
        + plugin_Body_exists()
        + plugin_Physics_exists();
}
