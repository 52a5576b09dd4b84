//! The classic marker hazard in Rust: a marker is an extern static, and LLVM assumes a static's address is not
//! null, so the naive idiom (`addr_of!(M) as usize`) turns `offset == 0` into `false` at compile time, although
//! the linker answers 0 for the first field of `hz::T`. The generated bindings read the same marker through
//! `race_const` and see 0. Prints the naive answer (1 when it sees offset 0), then the bindings' one.
#![no_std]

mod hz;

unsafe extern "C" {
    static __race_off_2hz1T_1a: u8;
}

static mut STORAGE: [u64; 4] = [0; 4];

#[no_mangle]
pub extern "C" fn main() -> i32 {
    // what the docs no longer tell anyone to write
    let naive_offset_of_a = core::ptr::addr_of!(__race_off_2hz1T_1a) as usize;
    let naive = (naive_offset_of_a == 0) as i64;
    // through the bindings: `a` is where the linker put it, and reading it through the accessor finds what was
    // stored at offset 0
    let base = core::ptr::addr_of_mut!(STORAGE) as *mut u8;
    unsafe { *(base as *mut u64) = 42 };
    let t = unsafe { hz::T::from_ptr(base) };
    let bound = (t.a() == 42 && core::ptr::eq(t.a_ref(), base as *const u64)) as i64;
    unsafe {
        hz::print_num(naive);
        hz::print_num(bound);
    }
    0
}
