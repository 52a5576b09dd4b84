//! plugin.c in Rust, built against engine 1.0's generated module: `CodecDyn`'s methods use the frozen trait's
//! constant slots. It hands the engine its own `Rot` codec and calls the engine's `Doubler` through its vtable.
#![no_std]

mod engine;
mod plugin;

use engine::CodecDyn;
use plugin::Rot;

static mut ROT: [u64; 8] = [0; 8];
static mut DOUBLER: [u64; 8] = [0; 8];

/// # Safety
/// `this` is a live `plugin::Rot`.
#[no_mangle]
pub unsafe extern "C" fn plugin_rot_encode(this: *const u8, x: i32) -> i32 {
    x + unsafe { Rot::from_ptr(this) }.k()
}

/// # Safety
/// `this` is a live `plugin::Rot`.
#[no_mangle]
pub unsafe extern "C" fn plugin_rot_decode(this: *const u8, x: i32) -> i32 {
    x - unsafe { Rot::from_ptr(this) }.k()
}

fn say(s: &[u8]) {
    unsafe { engine::print(s.as_ptr()) };
}

#[no_mangle]
pub extern "C" fn plugin_main() -> i32 {
    if Rot::size() > 64 || engine::Doubler::size() > 64 {
        say(b"plugin: storage too small\n\0");
        return 1;
    }
    let rot = core::ptr::addr_of_mut!(ROT) as *mut u8;
    // SAFETY: ROT holds 64 writable bytes aligned to 8, and nothing else uses it.
    unsafe { Rot::from_mut_ptr(rot) }.set_k(7);
    let back = unsafe { engine::run(CodecDyn { data: rot, vtable: plugin::codec_vtable_rot() }, 35) };
    let d = CodecDyn { data: core::ptr::addr_of_mut!(DOUBLER) as *mut u8, vtable: engine::codec_vtable_doubler() };
    say(b"plugin: doubler encode \0");
    unsafe { engine::print_num(i64::from(d.encode(20))) };
    say(b" decode \0");
    unsafe { engine::print_num(i64::from(d.decode(41))) };
    say(b"\n\0");
    if back == 35 { 0 } else { 2 }
}
