//! An oracle for the bindings of enums with a fixed layout: the same declarations as fx.steg as real Rust enums,
//! whose values rustc lays out, are read through the generated opaque types (`variant()`, payload getters) and
//! written through them (`set_variant()`, payload setters) then matched as Rust enums; sizes and alignments
//! (markers answered by the linker) must equal rustc's. Prints the line of each failed check, then the count.
#![no_std]

mod fx;

use core::mem::{align_of, size_of};
use fx::{CShape, CShapeVariant, Flag, FlagVariant, Maybe, MaybeVariant, Mode, ModeVariant, Only, OnlyVariant, Small,
         SmallVariant, Vec3};
#[cfg(negative_tags)]
use fx::{Neg, NegVariant};

#[allow(dead_code)]
#[repr(u8)]
enum RMode { A, B = 5, C }

/// Built with `--cfg negative_tags` where the link can place a negative tag marker (not x86-64 static: see
/// RustEnumOracleLinkTest).
#[cfg(negative_tags)]
#[allow(dead_code)]
#[repr(i16)]
enum RNeg { M = -2, Z = 0, P = 300 }

#[allow(dead_code)]
#[repr(C)]
enum RCShape { Dot, Line(u32), Pair(u8, u64) }

#[allow(dead_code)]
enum RMaybe<'a> { Nothing, Just(&'a Vec3) }

#[allow(dead_code)]
enum RFlag { Off, On(bool) }

#[allow(dead_code)]
enum RSmall { X, Y(u8), Z }

#[allow(dead_code)]
enum ROnly { One(u32) }

fn ptr<T>(v: &T) -> *const u8 {
    v as *const T as *const u8
}

fn mut_ptr<T>(v: &mut T) -> *mut u8 {
    v as *mut T as *mut u8
}

#[no_mangle]
pub extern "C" fn main() -> i32 {
    let mut fails = 0i64;
    // used inside the unsafe block below only
    macro_rules! check {
        ($c:expr) => {
            if !$c {
                fx::print_num(line!() as i64);
                fails = fails.wrapping_add(1);
            }
        };
    }
    let v = Vec3 { x: 7, y: 8, z: 9 };
    unsafe {
        // sizes and alignments: the linker's answers equal rustc's
        check!(Mode::size() == size_of::<RMode>() && Mode::align() == align_of::<RMode>());
        check!(CShape::size() == size_of::<RCShape>() && CShape::align() == align_of::<RCShape>());
        check!(Maybe::size() == size_of::<RMaybe>() && Maybe::align() == align_of::<RMaybe>());
        check!(Flag::size() == size_of::<RFlag>() && Flag::align() == align_of::<RFlag>());
        check!(Small::size() == size_of::<RSmall>() && Small::align() == align_of::<RSmall>());
        check!(Only::size() == size_of::<ROnly>() && Only::align() == align_of::<ROnly>());

        // read what rustc wrote
        check!(Mode::from_ptr(ptr(&RMode::A)).variant() == ModeVariant::A);
        check!(Mode::from_ptr(ptr(&RMode::B)).variant() == ModeVariant::B);
        check!(Mode::from_ptr(ptr(&RMode::C)).variant() == ModeVariant::C);
        check!(CShape::from_ptr(ptr(&RCShape::Dot)).variant() == CShapeVariant::Dot);
        let line = RCShape::Line(77);
        check!(CShape::from_ptr(ptr(&line)).variant() == CShapeVariant::Line);
        check!(CShape::from_ptr(ptr(&line)).line_0() == 77);
        let pair = RCShape::Pair(3, 1 << 40);
        check!(CShape::from_ptr(ptr(&pair)).variant() == CShapeVariant::Pair);
        check!(CShape::from_ptr(ptr(&pair)).pair_0() == 3 && CShape::from_ptr(ptr(&pair)).pair_1() == 1 << 40);
        check!(Maybe::from_ptr(ptr(&RMaybe::Nothing)).variant() == MaybeVariant::Nothing);
        let just = RMaybe::Just(&v);
        check!(Maybe::from_ptr(ptr(&just)).variant() == MaybeVariant::Just);
        check!(Maybe::from_ptr(ptr(&just)).just_0() == &v as *const Vec3);
        check!(Flag::from_ptr(ptr(&RFlag::Off)).variant() == FlagVariant::Off);
        check!(Flag::from_ptr(ptr(&RFlag::On(true))).variant() == FlagVariant::On);
        check!(Flag::from_ptr(ptr(&RFlag::On(false))).variant() == FlagVariant::On);
        check!(Flag::from_ptr(ptr(&RFlag::On(true))).on_0());
        check!(Small::from_ptr(ptr(&RSmall::X)).variant() == SmallVariant::X);
        check!(Small::from_ptr(ptr(&RSmall::Y(200))).variant() == SmallVariant::Y);
        check!(Small::from_ptr(ptr(&RSmall::Y(200))).y_0() == 200);
        check!(Small::from_ptr(ptr(&RSmall::Z)).variant() == SmallVariant::Z);
        check!(Only::from_ptr(ptr(&ROnly::One(5))).variant() == OnlyVariant::One);
        check!(Only::from_ptr(ptr(&ROnly::One(5))).one_0() == 5);

        // write, then let rustc read
        let mut m = RMode::A;
        Mode::from_mut_ptr(mut_ptr(&mut m)).set_variant(ModeVariant::C);
        check!(matches!(m, RMode::C));
        Mode::from_mut_ptr(mut_ptr(&mut m)).set_variant(ModeVariant::Unknown);
        check!(matches!(m, RMode::C));
        #[cfg(negative_tags)]
        {
            check!(Neg::size() == size_of::<RNeg>() && Neg::align() == align_of::<RNeg>());
            check!(Neg::from_ptr(ptr(&RNeg::M)).variant() == NegVariant::M);
            check!(Neg::from_ptr(ptr(&RNeg::Z)).variant() == NegVariant::Z);
            check!(Neg::from_ptr(ptr(&RNeg::P)).variant() == NegVariant::P);
            let mut n = RNeg::Z;
            Neg::from_mut_ptr(mut_ptr(&mut n)).set_variant(NegVariant::M);
            check!(matches!(n, RNeg::M));
            Neg::from_mut_ptr(mut_ptr(&mut n)).set_variant(NegVariant::P);
            check!(matches!(n, RNeg::P));
        }
        let mut c = RCShape::Dot;
        let cs = CShape::from_mut_ptr(mut_ptr(&mut c));
        cs.set_line_0(12);
        cs.set_variant(CShapeVariant::Line);
        check!(matches!(c, RCShape::Line(12)));
        let cs = CShape::from_mut_ptr(mut_ptr(&mut c));
        cs.set_pair_0(9);
        cs.set_pair_1(10);
        cs.set_variant(CShapeVariant::Pair);
        check!(matches!(c, RCShape::Pair(9, 10)));
        let mut mb = RMaybe::Just(&v);
        Maybe::from_mut_ptr(mut_ptr(&mut mb)).set_variant(MaybeVariant::Nothing);
        check!(matches!(mb, RMaybe::Nothing));
        // the dataful variant has no tag: writing its payload is what makes it that variant
        Maybe::from_mut_ptr(mut_ptr(&mut mb)).set_just_0(&v);
        check!(matches!(mb, RMaybe::Just(p) if p.z == 9));
        let mut f = RFlag::On(true);
        Flag::from_mut_ptr(mut_ptr(&mut f)).set_variant(FlagVariant::Off);
        check!(matches!(f, RFlag::Off));
        Flag::from_mut_ptr(mut_ptr(&mut f)).set_on_0(false);
        check!(matches!(f, RFlag::On(false)));
        let mut s = RSmall::X;
        let sm = Small::from_mut_ptr(mut_ptr(&mut s));
        sm.set_y_0(201);
        sm.set_variant(SmallVariant::Y);
        check!(matches!(s, RSmall::Y(201)));
        Small::from_mut_ptr(mut_ptr(&mut s)).set_variant(SmallVariant::Z);
        check!(matches!(s, RSmall::Z));

        fx::print_num(fails);
    }
    0
}
