//! plugin.c in Rust (wrapping arithmetic: no core panic to link at opt-level 0), on the generated Rust modules: the same Cube and Dot with the same impl bodies and drop glue. It
//! also drops a boxed Cube itself, through `SolidDyn`: inherited calls, upcasts (`as_shape`, `as_tagged`, and
//! `ShapeDyn::as_named`) and `drop_box` (drop glue, then free); then it hands a Cube and a Dot to the C engine.
#![no_std]

mod engine;
mod plugin;

use engine::SolidDyn;
use plugin::{Cube, Dot};

fn say(s: &[u8]) {
    // SAFETY: every caller passes a NUL-terminated literal
    unsafe { engine::print(s.as_ptr()) }
}

fn line(what: &[u8], v: i64) {
    say(what);
    // SAFETY: plain C calls into the engine
    unsafe {
        engine::print(b" \0".as_ptr());
        engine::print_num(v);
        engine::print(b"\n\0".as_ptr());
    }
}

fn cube(this: *const u8) -> &'static Cube {
    // SAFETY: called through a vtable made for a Cube, with that Cube
    unsafe { Cube::from_ptr(this) }
}

#[no_mangle]
pub extern "C" fn plugin_cube_name(this: *const u8) -> i64 {
    cube(this).id().wrapping_add(1000)
}

#[no_mangle]
pub extern "C" fn plugin_cube_tag(this: *const u8) -> i64 {
    cube(this).id()
}

#[no_mangle]
pub extern "C" fn plugin_cube_area(this: *const u8) -> i64 {
    let s = cube(this).side();
    s.wrapping_mul(s).wrapping_mul(6)
}

#[no_mangle]
pub extern "C" fn plugin_cube_volume(this: *const u8) -> i64 {
    let s = cube(this).side();
    s.wrapping_mul(s).wrapping_mul(s)
}

/// Cube's drop glue (`#[drop = "plugin_cube_drop"]`): drops in place, does not free.
#[no_mangle]
pub extern "C" fn plugin_cube_drop(this: *mut u8) {
    // SAFETY: called once, with a live Cube, by whoever drops the box
    let c = unsafe { Cube::from_mut_ptr(this) };
    line(b"drop glue: cube\0", c.id());
    c.set_id(-1);
}

fn dot(this: *const u8) -> &'static Dot {
    // SAFETY: called through a vtable made for a Dot, with that Dot
    unsafe { Dot::from_ptr(this) }
}

#[no_mangle]
pub extern "C" fn plugin_dot_name(this: *const u8) -> i64 {
    dot(this).id().wrapping_add(2000)
}

#[no_mangle]
pub extern "C" fn plugin_dot_tag(this: *const u8) -> i64 {
    dot(this).id()
}

#[no_mangle]
pub extern "C" fn plugin_dot_weight(_this: *const u8) -> i64 {
    1
}

#[no_mangle]
pub extern "C" fn plugin_dot_area(_this: *const u8) -> i64 {
    0
}

#[no_mangle]
pub extern "C" fn plugin_dot_volume(_this: *const u8) -> i64 {
    0
}

fn new_cube(side: i64, id: i64) -> *mut u8 {
    // SAFETY: the engine's allocator, which is what a Box<dyn Trait> crossing its boundary comes from
    let p = unsafe { engine::malloc(Cube::size()) } as *mut u8;
    // SAFETY: p holds Cube::size() fresh bytes
    let c = unsafe { Cube::from_mut_ptr(p) };
    c.set_side(side);
    c.set_id(id);
    p
}

#[no_mangle]
pub extern "C" fn plugin_main() -> i32 {
    let s = SolidDyn { data: new_cube(2, 5), vtable: plugin::solid_vtable_cube() };
    // SAFETY: s is a live boxed dyn Solid; the upcasts keep its data, and it is dropped once, last
    unsafe {
        line(b"rust: volume\0", s.volume());
        line(b"rust: name (Named, through Solid)\0", s.name());
        let shape = s.as_shape();
        line(b"rust: as Shape: area\0", shape.area());
        line(b"rust: as Shape as Named: name\0", shape.as_named().name());
        line(b"rust: as Tagged: weight\0", s.as_tagged().weight());
        s.drop_box();
    }
    say(b"rust: dropped\n\0");
    // SAFETY: the engine's allocator
    let d = unsafe { engine::malloc(Dot::size()) } as *mut u8;
    // SAFETY: d holds Dot::size() fresh bytes
    unsafe { Dot::from_mut_ptr(d) }.set_id(9);
    // SAFETY: the engine takes ownership of both boxes
    unsafe {
        engine::adopt(SolidDyn { data: new_cube(3, 7), vtable: plugin::solid_vtable_cube() })
            .wrapping_add(engine::adopt(SolidDyn { data: d, vtable: plugin::solid_vtable_dot() }))
    }
}
