//! plugin.c in Rust: built against engine 1.0's generated module, it fills its storage with garbage, calls
//! `Transform::init` (the init image), sets the two fields it knows and hands the value to the engine.
#![no_std]

mod engine;
mod plugin;

use engine::Transform;

static mut STORAGE: [u64; 32] = [0; 32];

#[no_mangle]
pub extern "C" fn plugin_main() -> i32 {
    let p = core::ptr::addr_of_mut!(STORAGE) as *mut u8;
    if Transform::size() > core::mem::size_of::<[u64; 32]>() || Transform::align() > core::mem::align_of::<u64>() {
        unsafe { engine::print(b"plugin: Transform does not fit its storage\n\0".as_ptr()) };
        return 1;
    }
    let mut i = 0usize;
    while i < core::mem::size_of::<[u64; 32]>() {
        // SAFETY: within STORAGE; volatile so the garbage is really written
        unsafe { p.add(i).write_volatile(0xA5) };
        i += 1;
    }
    // SAFETY: STORAGE holds size() writable bytes at align(), and nothing else uses it.
    unsafe { Transform::init(p) };
    let t = unsafe { Transform::from_mut_ptr(p) };
    t.set_x(3);
    t.set_scale(4);
    unsafe { engine::show(t) };
    0
}
