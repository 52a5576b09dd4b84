//! The drift demo's plugin written in Rust: the same behaviour as ../plugin/plugin.c, compiled by rustc against
//! engine 1.0's declarations through generated bindings, and linked unchanged with engine 1.0 and 2.0. No marker
//! is written by hand: `engine.rs` is `race bindgen --lang rust` of engine 1.0's STEG and `plugin.rs` that of
//! ../plugin/plugin.steg (which imports engine 1.0); run.sh writes both beside a copy of this file and compiles:
//!
//!   rustc --edition 2021 --crate-type lib --emit obj -O -C panic=abort -C relocation-model=static lib.rs
#![no_std]

mod engine;
mod plugin;

use plugin::Body;

/// Storage for one Body; its size is known only at link time, hence the check below.
static mut STORAGE: [u64; 32] = [0; 32];

#[no_mangle]
pub extern "C" fn plugin_main() -> i32 {
    if Body::size() > core::mem::size_of::<[u64; 32]>() || Body::align() > core::mem::align_of::<u64>() {
        unsafe { engine::print(b"plugin: Body does not fit its storage\n\0".as_ptr()) };
        return 1;
    }
    // SAFETY: STORAGE holds size() bytes at align() and nothing else uses it while `body` lives.
    let body = unsafe { Body::from_mut_ptr(core::ptr::addr_of_mut!(STORAGE) as *mut u8) };
    body.set_mass(70);
    body.set_velocity(0);
    unsafe { engine::transform_init(body.transform_mut(), 1, 100, 3, 2) };
    let mut i = 0u32;
    while i < 3 {
        let v = body.velocity().wrapping_sub(3);
        body.set_velocity(v);
        let t = body.transform_mut();
        let scale = t.scale();
        let pos = t.pos_mut();
        pos.y = pos.y.wrapping_add(v.wrapping_mul(scale));
        i = i.wrapping_add(1); // no overflow check: a RACE link has no core::panicking
    }
    unsafe {
        engine::print(b"plugin 1.0 (Rust, built against engine 1.0): Body is \0".as_ptr());
        engine::print_num(Body::size() as i64);
        engine::print(b" bytes; mass = \0".as_ptr());
        engine::print_num(body.mass() as i64);
        engine::print(b", velocity = \0".as_ptr());
        engine::print_num(body.velocity() as i64);
        engine::print(b"\n\0".as_ptr());
        engine::transform_print(body.transform_ref());
    }
    0
}
