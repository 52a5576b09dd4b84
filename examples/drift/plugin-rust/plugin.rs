//! The drift demo's plugin written in Rust: the same behaviour as ../plugin/plugin.c, compiled by rustc
//! against engine 1.0's declarations (../plugin/plugin.steg) and linked unchanged with engine 2.0.
//!
//!   rustc --edition 2021 --crate-type lib --emit obj -O -C panic=abort \
//!         -C relocation-model=static plugin.rs -o plugin-rs.o
//!
//! Each layout constant is the address of an extern static marker (docs/markers.md): rustc emits an
//! absolute relocation against it, which race patches with the solved offset.
#![no_std]

use core::ptr::addr_of;

extern "C" {
    static __race_off_6plugin4Body_4mass: u8;
    static __race_off_6plugin4Body_9transform: u8;
    static __race_off_6plugin4Body_8velocity: u8;
    static __race_size_6plugin4Body: u8;
    static __race_off_6engine9Transform_3pos1y: u8;
    static __race_off_6engine9Transform_5scale: u8;

    fn engine_transform_init(t: *mut u8, x: i32, y: i32, z: i32, scale: i32);
    fn engine_transform_print(t: *const u8);
    fn engine_print(s: *const u8);
    fn engine_print_num(v: i64);
}

/// The value of a layout marker: the address the linker gave the symbol.
/// (Used inside `unsafe` blocks only: naming an extern static is unsafe on older compilers.)
macro_rules! layout {
    ($m:ident) => {
        addr_of!($m) as usize
    };
}

/// A pointer to the i32 field at `offset` in the value at `base`.
fn field(base: *mut u8, offset: usize) -> *mut i32 {
    base.wrapping_add(offset) as *mut i32
}

static mut STORAGE: [u64; 32] = [0; 32];

#[no_mangle]
pub extern "C" fn plugin_main() -> i32 {
    unsafe {
        if layout!(__race_size_6plugin4Body) > core::mem::size_of::<[u64; 32]>() {
            engine_print(b"plugin: Body does not fit its storage\n\0".as_ptr());
            return 1;
        }
        let body = addr_of!(STORAGE) as *mut u8;
        let t = body.wrapping_add(layout!(__race_off_6plugin4Body_9transform));
        let velocity = field(body, layout!(__race_off_6plugin4Body_8velocity));
        *field(body, layout!(__race_off_6plugin4Body_4mass)) = 70;
        *velocity = 0;
        engine_transform_init(t, 1, 100, 3, 2);
        for _ in 0..3 {
            *velocity -= 3;
            *field(t, layout!(__race_off_6engine9Transform_3pos1y)) +=
                *velocity * *field(t, layout!(__race_off_6engine9Transform_5scale));
        }
        engine_print(b"plugin 1.0 (Rust, built against engine 1.0): Body is \0".as_ptr());
        engine_print_num(layout!(__race_size_6plugin4Body) as i64);
        engine_print(b" bytes; mass = \0".as_ptr());
        engine_print_num(*field(body, layout!(__race_off_6plugin4Body_4mass)) as i64);
        engine_print(b", velocity = \0".as_ptr());
        engine_print_num(*velocity as i64);
        engine_print(b"\n\0".as_ptr());
        engine_transform_print(t);
    }
    0
}
