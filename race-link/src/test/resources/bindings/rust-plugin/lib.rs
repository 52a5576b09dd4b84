//! The drift demo's Rust plugin (examples/drift/plugin-rust/plugin.rs: same behaviour, same output) written
//! against generated bindings instead of hand-written markers: `engine.rs` is `race bindgen --lang rust` of
//! engine 1.0's STEG, `plugin.rs` that of plugin/plugin.steg (which imports engine 1.0). RustBindingsLinkTest
//! writes both beside this file, compiles it once and links the object with engine 1.0 and with engine 2.0.
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
