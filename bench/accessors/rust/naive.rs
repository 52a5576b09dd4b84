//! The naive idiom, for comparison only (docs/markers.md says why not to write it): the API of the generated
//! bindings with each marker's address cast straight to an integer.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Vec3 {
    pub x: i32,
    pub y: i32,
    pub z: i32,
}

unsafe extern "C" {
    static __race_size_3sim8Particle: u8;
    static __race_off_3sim8Particle_3pos: u8;
    static __race_off_3sim8Particle_3vel: u8;
    static __race_off_3sim8Particle_4mass: u8;
}

#[repr(C)]
pub struct Particle {
    _opaque: [u8; 0],
}

macro_rules! at {
    ($self:expr, $marker:ident, $t:ty) => {
        ($self as *const Self as *mut u8).wrapping_add(core::ptr::addr_of!($marker) as usize) as *mut $t
    };
}

impl Particle {
    #[inline(always)]
    pub fn size() -> usize {
        core::ptr::addr_of!(__race_size_3sim8Particle) as usize
    }
    #[inline(always)]
    pub unsafe fn from_ptr<'a>(p: *const u8) -> &'a Self {
        unsafe { &*(p as *const Self) }
    }
    #[inline(always)]
    pub unsafe fn from_mut_ptr<'a>(p: *mut u8) -> &'a mut Self {
        unsafe { &mut *(p as *mut Self) }
    }
    #[inline(always)]
    pub fn set_pos(&mut self, v: Vec3) {
        unsafe { *at!(self, __race_off_3sim8Particle_3pos, Vec3) = v }
    }
    #[inline(always)]
    pub fn set_vel(&mut self, v: Vec3) {
        unsafe { *at!(self, __race_off_3sim8Particle_3vel, Vec3) = v }
    }
    #[inline(always)]
    pub fn set_mass(&mut self, v: i32) {
        unsafe { *at!(self, __race_off_3sim8Particle_4mass, i32) = v }
    }
    #[inline(always)]
    pub fn pos_ref(&self) -> &Vec3 {
        unsafe { &*at!(self, __race_off_3sim8Particle_3pos, Vec3) }
    }
    #[inline(always)]
    pub fn pos_mut(&mut self) -> &mut Vec3 {
        unsafe { &mut *at!(self, __race_off_3sim8Particle_3pos, Vec3) }
    }
    #[inline(always)]
    pub fn vel_ref(&self) -> &Vec3 {
        unsafe { &*at!(self, __race_off_3sim8Particle_3vel, Vec3) }
    }
    #[inline(always)]
    pub fn vel_mut(&mut self) -> &mut Vec3 {
        unsafe { &mut *at!(self, __race_off_3sim8Particle_3vel, Vec3) }
    }
    #[inline(always)]
    pub fn mass(&self) -> i32 {
        unsafe { *at!(self, __race_off_3sim8Particle_4mass, i32) }
    }
}
