//! CBindingsLinkTest's plugin (../../cbindings/plugin.c) in Rust, on generated Rust bindings: it embeds the
//! engine's resilient Transform and Shape in its own resilient Mover, writes and reads Shape's variants, and
//! implements the engine's trait Plugin (`impl engine::Plugin for Mover { fn name = mover_name; fn step =
//! mover_step; }`), handing itself to the C engine as a `PluginDyn`. Same output as the C plugin.
#![no_std]

mod engine;
mod plugin;

use engine::{RaceStr, Shape, ShapeVariant, Transform};
use plugin::Mover;

/// Room for a Mover of up to 128 bytes, checked below.
static mut STORAGE: [u64; 16] = [0; 16];

fn say(s: &[u8]) {
    unsafe { engine::print(s.as_ptr()) }
}

/// `Plugin::name` for Mover: the engine calls it through the vtable the linker built.
#[no_mangle]
pub extern "C" fn mover_name(_this: *const u8) -> RaceStr {
    RaceStr::new("mover")
}

/// `Plugin::step` for Mover.
#[no_mangle]
pub extern "C" fn mover_step(this: *mut u8, t: *mut Transform, dt: i32) -> i32 {
    // SAFETY: the engine passes the Mover it was given and a live Transform
    let speed = unsafe { Mover::from_ptr(this) }.speed();
    let t = unsafe { &mut *t };
    let pos = t.pos_mut();
    pos.x = pos.x.wrapping_add(speed.wrapping_mul(dt));
    pos.z = pos.z.wrapping_sub(dt);
    let x = pos.x;
    t.set_scale(t.scale().wrapping_mul(2));
    x
}

fn area(shape: &Shape, what: &[u8]) {
    say(b"plugin: \0");
    say(what);
    say(b" area = \0");
    unsafe { engine::print_num(engine::area(shape)) };
    say(b"\n\0");
}

#[no_mangle]
pub extern "C" fn plugin_main() -> i32 {
    if Mover::size() > core::mem::size_of::<[u64; 16]>() || Mover::align() > core::mem::align_of::<u64>() {
        say(b"plugin: Mover does not fit its storage\n\0");
        return 1;
    }
    let data = core::ptr::addr_of_mut!(STORAGE) as *mut u8;
    let m = unsafe { Mover::from_mut_ptr(data) };
    m.set_speed(10);
    let home = m.home_mut();
    home.set_pos(engine::Vec3 { x: 1, y: 2, z: 3 });
    home.set_scale(1);

    let shape = m.shape_mut();
    shape.set_variant(ShapeVariant::Circle);
    unsafe { shape.set_circle_0(2) };
    area(shape, b"circle\0");
    shape.set_variant(ShapeVariant::Rect);
    unsafe {
        shape.set_rect_w(4);
        shape.set_rect_h(5);
    }
    area(shape, b"rect\0");
    shape.set_variant(ShapeVariant::Empty);
    area(shape, b"empty\0");
    let back: &[u8] = if shape.variant() == ShapeVariant::Empty {
        b"plugin: the shape reads back Empty\n\0"
    } else {
        b"plugin: the shape reads back wrong\n\0"
    };
    say(back);

    let home: *mut Transform = m.home_mut();
    let d = engine::PluginDyn { data, vtable: plugin::plugin_vtable_mover() };
    let name = unsafe { d.name() };
    let own: &[u8] = if d.vtable == plugin::plugin_vtable_mover() && name.len == 5 {
        b"plugin: calls through its own vtable\n\0"
    } else {
        b"plugin: wrong vtable\n\0"
    };
    say(own);
    let total = unsafe { engine::run(d, home, 3) };
    say(b"plugin: total = \0");
    unsafe { engine::print_num(total as i64) };
    say(b"\n\0");
    0
}
