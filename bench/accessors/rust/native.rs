//! The oracle: sim::Particle as a `#[repr(C)]` struct, behind the API of the generated bindings.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Vec3 {
    pub x: i32,
    pub y: i32,
    pub z: i32,
}

#[repr(C)]
pub struct Particle {
    pos: Vec3,
    vel: Vec3,
    mass: i32,
}

impl Particle {
    #[inline(always)]
    pub fn size() -> usize {
        core::mem::size_of::<Particle>()
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
        self.pos = v
    }
    #[inline(always)]
    pub fn set_vel(&mut self, v: Vec3) {
        self.vel = v
    }
    #[inline(always)]
    pub fn set_mass(&mut self, v: i32) {
        self.mass = v
    }
    #[inline(always)]
    pub fn pos_ref(&self) -> &Vec3 {
        &self.pos
    }
    #[inline(always)]
    pub fn pos_mut(&mut self) -> &mut Vec3 {
        &mut self.pos
    }
    #[inline(always)]
    pub fn vel_ref(&self) -> &Vec3 {
        &self.vel
    }
    #[inline(always)]
    pub fn vel_mut(&mut self) -> &mut Vec3 {
        &mut self.vel
    }
    #[inline(always)]
    pub fn mass(&self) -> i32 {
        self.mass
    }
}
