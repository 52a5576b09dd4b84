//! Uses every kind of generated accessor of engine.rs and plugin.rs (RustBindingsTest compiles it with
//! -D warnings for x86-64 and AArch64, static and PIC, at opt-level 0 and 3).
#![no_std]

mod engine;
mod plugin;

use engine::{Mode, ModeVariant, Shape, ShapeVariant, Transform, Vec3};

/// Resilient struct: getters, setters, projections of every field kind.
#[no_mangle]
pub extern "C" fn use_transform(p: *mut u8) -> i64 {
    let t = unsafe { Transform::from_mut_ptr(p) };
    let mut acc = (Transform::size() as i64).wrapping_add(Transform::align() as i64);
    // a frozen field by value, and its projections
    let mut pos = t.pos();
    pos.x = pos.x.wrapping_add(1);
    t.set_pos(pos);
    t.pos_mut().y = 7;
    acc = acc.wrapping_add(t.pos_ref().z as i64);
    // primitives
    t.set_scale(3);
    *t.scale_mut() = t.scale().wrapping_mul(2);
    acc = acc.wrapping_add(*t.scale_ref() as i64);
    t.set_layer(t.layer().wrapping_add(1));
    t.set_flag(!t.flag());
    t.set_ch('x');
    acc = acc.wrapping_add(t.ch() as i64);
    t.set_big(t.big().wrapping_add(1));
    acc = acc.wrapping_add(t.alias() as i64);
    // pointers and references come back as raw pointers
    let vp: *mut Vec3 = t.ptr();
    t.set_ptr(vp);
    let rp: *const Vec3 = t.r();
    t.set_r(rp);
    let bp: *mut Transform = t.bx();
    t.set_bx(bp);
    let op: *const engine::Inner = t.opt_ref();
    t.set_opt_ref(op);
    // arrays of a known element size are values
    let mut arr = t.arr();
    arr[1] = 5;
    t.set_arr(arr);
    t.grid_mut()[2][1] = 9;
    // fields with no Rust form: addresses only
    acc = acc.wrapping_add(t.tup_ptr() as i64 & 1);
    acc = acc.wrapping_add(t.opt_mut_ptr() as i64 & 1);
    // a fat pointer is its two halves
    let name = t.name();
    t.set_name(engine::RaceStr::new("transform"));
    acc = acc.wrapping_add(name.len as i64);
    acc = acc.wrapping_add(t.f_ptr() as i64 & 1);
    // a C fn pointer field is the fn pointer
    if let Some(f) = t.ccb() {
        acc = acc.wrapping_add(f(1) as i64);
    }
    acc = acc.wrapping_add(t.inners_ptr() as i64 & 1);
    // an array of resilient elements: element accessors with the linked stride
    if let Some(first) = t.inners_at_mut(1) {
        first.set_v(3);
    }
    acc = acc.wrapping_add(t.inners_at(0).map_or(0, |e| e.v()));
    // a nested resilient struct: projections, chained
    let inner = t.inner_mut();
    inner.set_v(inner.v().wrapping_add(1));
    inner.set_match(inner.r#match().wrapping_add(1));
    acc = acc.wrapping_add(*t.inner_ref().match_ref() as i64);
    acc = acc.wrapping_add(use_shape(t.shape_mut()));
    acc
}

/// Resilient enum: variant read and write, payload accessors.
fn use_shape(s: &mut Shape) -> i64 {
    let n = (Shape::size() as i64).wrapping_add(Shape::align() as i64);
    match s.variant() {
        ShapeVariant::Circle => unsafe {
            s.set_circle_r(s.circle_r() * 2.0);
            *s.circle_r_mut() += 1.0;
            n.wrapping_add(*s.circle_r_ref() as i64)
        },
        ShapeVariant::Rect => unsafe { n.wrapping_add((s.rect_w() * s.rect_h()) as i64) },
        ShapeVariant::Key => unsafe {
            s.set_key_1(s.key_1().wrapping_add(1));
            n.wrapping_add(s.key_0() as i64)
        },
        ShapeVariant::Nested => unsafe { n.wrapping_add(s.nested_t_ref().v()) },
        ShapeVariant::Empty => {
            s.set_variant(ShapeVariant::Rect);
            unsafe {
                s.set_rect_w(1.0);
                s.set_rect_h(2.0);
            }
            n
        }
        ShapeVariant::Unknown => -1,
    }
}

/// Enums of fixed layout: repr(u8), a frozen niche-encoded one, repr(C).
#[no_mangle]
pub extern "C" fn use_fixed_enums(m: *mut u8, mb: *mut u8, c: *mut u8) -> i64 {
    let m = unsafe { Mode::from_mut_ptr(m) };
    if m.variant() == ModeVariant::B {
        m.set_variant(ModeVariant::C);
    }
    let mb = unsafe { engine::Maybe::from_mut_ptr(mb) };
    let mut acc = 0i64;
    match mb.variant() {
        engine::MaybeVariant::Just => acc = unsafe { (*mb.just_0()).x } as i64,
        engine::MaybeVariant::Nothing => mb.set_variant(engine::MaybeVariant::Nothing),
        engine::MaybeVariant::Unknown => acc = -1,
    }
    let c = unsafe { engine::CShape::from_mut_ptr(c) };
    if c.variant() == engine::CShapeVariant::Line {
        unsafe { c.set_line_0(c.line_0().wrapping_add(1)) };
    } else {
        c.set_variant(engine::CShapeVariant::Dot);
    }
    acc.wrapping_add(engine::Maybe::size() as i64)
}

/// Frozen structs are plain Rust values.
#[no_mangle]
pub extern "C" fn use_frozen(h: *mut engine::Holder) -> i64 {
    let v = Vec3 { x: 1, y: 2, z: 3 };
    let p = engine::Padded { a: 1, b: 2, c: 3 };
    let r = engine::Reordered { a: 1, b: 2, c: 3, d: 4 };
    let al = engine::Aligned { v: 1.5 };
    let pk = engine::Packed { a: 1, b: 2 };
    let w = engine::Wrapped { _0: 4, _1: v };
    let meters = engine::Meters { _0: 2.0 };
    let m = engine::math::Mat2 { m: [1.0, 0.0, 0.0, 1.0] };
    let h = unsafe { &mut *h };
    h.inner = v;
    h.arr[0] = 1;
    let pkb = pk.b;
    let parts = [v.x as i64, w._1.z as i64, p.b as i64, r.d as i64, al.v as i64, pkb as i64, m.m[0] as i64,
        (h.p as usize & 1) as i64, (h.cb)(1) as i64, h.pair[0] as i64, (h.opt as usize & 1) as i64, meters._0 as i64];
    parts[0].wrapping_add(parts[1]).wrapping_add(parts[2]).wrapping_add(parts[3]).wrapping_add(parts[4])
        .wrapping_add(parts[5]).wrapping_add(parts[6]).wrapping_add(parts[7]).wrapping_add(parts[8])
        .wrapping_add(parts[9]).wrapping_add(parts[10]).wrapping_add(parts[11])
}

/// Traits: a trait object's method calls go through the vtable; vtable getters give the linker's vtables.
#[no_mangle]
pub extern "C" fn use_traits(data: *mut u8, t: *mut u8) -> u64 {
    let o = engine::PluginDyn { data, vtable: engine::plugin_vtable_physics() };
    let g = engine::PluginDyn { data, vtable: plugin::plugin_vtable_gadget() };
    let t = unsafe { Transform::from_mut_ptr(t) };
    unsafe {
        o.build(t);
        let p = o.priority() as u64;
        let c = o.create(16) as u64;
        extern "C" fn twice(x: i32) -> i32 {
            x.wrapping_mul(2)
        }
        let n = (o.name().len as u64).wrapping_add(o.apply(twice, 3) as u64);
        p.wrapping_add(c).wrapping_add(n).wrapping_add(o.scaled(1.5, engine::RaceStr::new("x"), g))
    }
}

/// Supertraits: inherited methods through the sub-trait's vtable, upcasts, and dropping a box.
#[no_mangle]
pub extern "C" fn use_supertraits(w: engine::WidgetDyn) -> u64 {
    unsafe {
        let s = w.size().wrapping_add(w.label() as u64).wrapping_add(w.name().len as u64);
        let p = w.as_plugin();
        let l = w.as_labeled();
        let s = s.wrapping_add(p.name().len as u64).wrapping_add(l.label() as u64);
        w.drop_box();
        s
    }
}

/// Functions: extern "C" declarations under their symbols.
#[no_mangle]
pub extern "C" fn use_functions(t: *mut u8, b: *mut u8) -> f32 {
    extern "C" fn cb(x: i32) -> i32 {
        x
    }
    let t = unsafe { Transform::from_mut_ptr(t) };
    let b = unsafe { engine::math::Body::from_mut_ptr(b) };
    let mut out = Vec3 { x: 0, y: 0, z: 0 };
    let xs = [1i32, 2, 3];
    unsafe {
        engine::transform_init(t, 1, 2, 3, 4);
        engine::log(engine::RaceStr::new("hi"), 1);
        let o = engine::origin();
        let d = engine::plugin_of(t);
        let ok = engine::set_cb(cb, 'a' as u32, 1i128);
        let s = engine::sum(engine::RaceSlice::new(&xs), &mut out, core::ptr::null());
        let at = b.at();
        b.set_m(engine::math::Mat2 { m: [0.0; 4] });
        b.t_mut().set_scale(1);
        let m = *b.m_ref();
        engine::math::det(&m, b) + o.x.wrapping_add(at.y) as f32 + ok as i32 as f32 + s as f32 + (d.data as usize & 1) as f32
    }
}

/// The plugin's own resilient struct embeds the engine's by value.
#[no_mangle]
pub extern "C" fn use_plugin(p: *mut u8) -> i32 {
    let body = unsafe { plugin::Body::from_mut_ptr(p) };
    body.set_mass(70);
    *body.velocity_mut() = -3;
    let t = body.transform_mut();
    t.pos_mut().y = t.pos().y.wrapping_add(t.scale());
    let g = unsafe { plugin::Gadget::from_mut_ptr(p) };
    let mut at = g.at();
    at.x = at.x.wrapping_add(1);
    g.set_at(at);
    g.set_m(*g.m_ref());
    let _ = g.shape_ref().variant();
    body_size().wrapping_add(unsafe { plugin::main() })
}

fn body_size() -> i32 {
    plugin::Body::size() as i32
}

/// Type-exists and field-exists: what code built against a newer version asks before it uses a type or field an
/// older one may lack.
#[no_mangle]
pub extern "C" fn use_exists() -> i32 {
    let mut n = 0;
    if Transform::exists() && Transform::has_scale() {
        n |= 1;
    }
    if Shape::exists() {
        n |= 2;
    }
    if Mode::exists() {
        n |= 4;
    }
    if engine::math::Body::exists() {
        n |= 8;
    }
    if plugin::Body::exists() && plugin::Body::has_transform() {
        n |= 16;
    }
    n
}
