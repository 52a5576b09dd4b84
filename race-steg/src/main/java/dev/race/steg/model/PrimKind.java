package dev.race.steg.model;

/** Primitive types. {@code ()} is {@link #UNIT}, {@code !} is {@link #NEVER}. */
public enum PrimKind {
    U8("u8"), U16("u16"), U32("u32"), U64("u64"), U128("u128"), USIZE("usize"),
    I8("i8"), I16("i16"), I32("i32"), I64("i64"), I128("i128"), ISIZE("isize"),
    F32("f32"), F64("f64"), BOOL("bool"), CHAR("char"), UNIT("()"), NEVER("!");

    private final String rustName;

    PrimKind(String rustName) {
        this.rustName = rustName;
    }

    public String rustName() {
        return rustName;
    }

    public boolean isInteger() {
        return ordinal() <= ISIZE.ordinal();
    }

    public boolean isSigned() {
        return ordinal() >= I8.ordinal() && ordinal() <= ISIZE.ordinal();
    }

    public static PrimKind byRustName(String name) {
        for (PrimKind k : values()) {
            if (k.rustName.equals(name)) {
                return k;
            }
        }
        return null;
    }
}
