//! The particle kernel of ../kernel.c in Rust (`#![no_std]`, stable rustc), written once against the API of
//! the generated Rust bindings (`mod sim;`: `Particle::size()`, `Particle::from_mut_ptr(p)`, `pos_mut()`,
//! `vel_ref()`, `mass()`, ...). bench/accessors.sh puts one of three `sim.rs` beside it: native.rs
//! (sim::Particle a `#[repr(C)]` struct: the oracle), naive.rs (markers cast straight to integers) and the
//! module `race bindgen --lang rust` generates from ../sim.steg (race_const).
#![no_std]

mod sim;

use sim::{Particle, Vec3};

#[no_mangle]
pub unsafe extern "C" fn sim_init(ps: *mut u8, n: i32) {
    let mut seed: u32 = 12345;
    let mut next = || {
        seed = seed.wrapping_mul(1103515245).wrapping_add(12345);
        seed
    };
    let mut p = ps;
    for _ in 0..n {
        let part = unsafe { Particle::from_mut_ptr(p) };
        // the same order of draws as kernel.c: pos.x, pos.y, pos.z, vel.x, vel.y, vel.z, mass
        part.set_pos(Vec3 { x: (next() >> 12) as i32, y: (next() >> 12) as i32, z: (next() >> 12) as i32 });
        part.set_vel(Vec3 {
            x: (next() >> 22) as i32 - 512,
            y: (next() >> 22) as i32 - 512,
            z: (next() >> 22) as i32 - 512,
        });
        part.set_mass(1 + (next() >> 26) as i32);
        p = p.wrapping_add(Particle::size());
    }
}

#[no_mangle]
pub unsafe extern "C" fn sim_run(ps: *mut u8, n: i32, steps: i32) -> i64 {
    let mut checksum: i64 = 0;
    for _ in 0..steps {
        let mut p = ps;
        for _ in 0..n {
            let part = unsafe { Particle::from_mut_ptr(p) };
            let vel = part.vel_mut();
            vel.y -= 3;
            let (vx, vy, vz) = (vel.x, vel.y, vel.z);
            let pos = part.pos_mut();
            pos.x += vx;
            pos.y += vy;
            pos.z += vz;
            if pos.y < 0 {
                pos.y = -pos.y;
                part.vel_mut().y = -vy;
            }
            p = p.wrapping_add(Particle::size());
        }
        let (mut energy, mut cy) = (0i64, 0i64);
        let mut p = ps as *const u8;
        for _ in 0..n {
            let part = unsafe { Particle::from_ptr(p) };
            let vel = part.vel_ref();
            let m = part.mass() as i64;
            energy += m * (vel.x as i64 * vel.x as i64 + vel.y as i64 * vel.y as i64 + vel.z as i64 * vel.z as i64);
            cy += m * part.pos_ref().y as i64;
            p = p.wrapping_add(Particle::size());
        }
        checksum = checksum.wrapping_mul(31).wrapping_add(energy + cy);
    }
    checksum
}

#[no_mangle]
pub extern "C" fn sim_particle_size() -> usize {
    Particle::size()
}
