//! WideTrampolineLinkTest's plugin in Rust, on generated Rust bindings: a Probe that implements only Wide::id; it
//! makes the calls itself, through the generated `WideDyn` wrappers (rustc's side of each `dyn` call), with the
//! same values as the C engine's engine_run, into the engine's C default bodies.
#![no_std]

mod engine;
mod plugin;

use engine::WideDyn;
use plugin::Probe;

static mut STORAGE: [u64; 4] = [0; 4];

/// `Wide::id` for Probe.
#[no_mangle]
pub extern "C" fn plugin_probe_id(this: *const u8) -> u64 {
    // SAFETY: called through the vtable with the Probe it was made for
    unsafe { Probe::from_ptr(this) }.tag()
}

const fn wide(hi: u64, lo: u64) -> u128 {
    ((hi as u128) << 64) | lo as u128
}

const ONE: u128 = wide(0x0123456789abcdef, 0xfedcba9876543210);
const TWO: u128 = wide(0x1111222233334444, 0x5555666677778888);
const THREE: i128 = wide(0x8000000000000001, 0x0000000000000002) as i128;
const FLOATS: u128 = wide(0xaaaabbbbccccdddd, 0xeeeeffff00001111);
const SPILL: u128 = wide(0x9999888877776666, 0x5555444433332222);
const MIXED: i128 = wide(0x0fedcba987654321, 0x123456789abcdef0) as i128;
const LATE: u128 = wide(0x0102030405060708, 0x090a0b0c0d0e0f10);

#[no_mangle]
pub extern "C" fn plugin_main() -> i32 {
    if Probe::size() > core::mem::size_of::<[u64; 4]>() || Probe::align() > core::mem::align_of::<u64>() {
        return 1;
    }
    let data = core::ptr::addr_of_mut!(STORAGE) as *mut u8;
    // SAFETY: STORAGE holds a Probe (checked above) and nothing else refers to it
    unsafe { Probe::from_mut_ptr(data) }.set_tag(0x5eed);
    let w = WideDyn { data, vtable: plugin::wide_vtable_probe() };
    // SAFETY: w is a Probe with the vtable the linker built for it
    unsafe {
        engine::expect(w);
        let mut sum = w.one(ONE);
        sum = sum.wrapping_add(w.two(-2, TWO));
        sum = sum.wrapping_add(w.three(-3, THREE, 0x7fffffffffffff07));
        sum = sum.wrapping_add(w.floats(1.5, FLOATS, -2.25));
        sum = sum.wrapping_add(w.spill(1, 2, 3, 4, 5, 6, 7, SPILL));
        sum = sum.wrapping_add(w.mixed(0.5, -8, 3.25, 0xbeef, MIXED, -6.5, -7, 200, 9.75, 0xdeadbeefcafef00d));
        sum = sum.wrapping_add(w.late(-1, -2, -3, LATE, -5, 0.125));
        engine::done(sum)
    }
}
