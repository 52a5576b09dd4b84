//! The enum plugin of ../../enums/plugin.c in Rust, on generated bindings: compiled once against engine 1.0's
//! `#[non_exhaustive] enum Event` (engine.rs, plugin.rs from `race bindgen --lang rust`), it reads the tags of
//! events the engine makes and writes tags the engine reads, under every engine version it is linked with. A
//! variant added later reads as `EventVariant::Unknown`.
#![no_std]

mod engine;
mod plugin;

use engine::{Event, EventVariant};

static mut STORAGE: [u64; 16] = [0; 16];

/// Prints a NUL-terminated byte string.
fn say(s: &[u8]) {
    unsafe { engine::print(s.as_ptr()) }
}

fn show(e: &Event) {
    match e.variant() {
        EventVariant::Tick => say(b"tick\0"),
        EventVariant::Key => {
            say(b"key \0");
            // SAFETY: the tag says Key
            unsafe { engine::print_num(e.key_0() as i64) };
        }
        EventVariant::Move => {
            say(b"move \0");
            unsafe {
                engine::print_num(e.move_dx() as i64);
                say(b",\0");
                engine::print_num(e.move_dy() as i64);
            }
        }
        EventVariant::Circle => {
            say(b"circle \0");
            unsafe { engine::print_num(e.circle_0_ref().r() as i64) };
        }
        EventVariant::Unknown => say(b"a variant this plugin does not know\0"),
    }
    say(b"\n\0");
}

#[no_mangle]
pub extern "C" fn plugin_main() -> i32 {
    if Event::size() > core::mem::size_of::<[u64; 16]>() || Event::align() > core::mem::align_of::<u64>() {
        say(b"plugin: Event does not fit its storage\n\0");
        return 1;
    }
    let p = core::ptr::addr_of_mut!(STORAGE) as *mut u8;
    let mut n = 0u32;
    while n < 5 {
        unsafe { engine::make_event(p as *mut Event, n) };
        say(b"plugin reads: \0");
        show(unsafe { Event::from_ptr(p) });
        n = n.wrapping_add(1);
    }
    let e = unsafe { Event::from_mut_ptr(p) };
    e.set_variant(EventVariant::Tick);
    unsafe { engine::describe_event(e) };
    e.set_variant(EventVariant::Key);
    unsafe {
        e.set_key_0(42);
        engine::describe_event(e);
    }
    e.set_variant(EventVariant::Move);
    unsafe {
        e.set_move_dx(5);
        e.set_move_dy(6);
        engine::describe_event(e);
    }
    e.set_variant(EventVariant::Circle);
    unsafe {
        e.circle_0_mut().set_r(11);
        engine::describe_event(e);
    }
    0
}
