package dev.race.codegen;

import java.util.List;

import static dev.race.codegen.TrampolineProgram.CType.*;

/** The argument lists both targets' trampoline tests run: 128-bit integers, floats, aggregates, and spills. */
public final class TrampolineSignatures {
    private TrampolineSignatures() {
    }

    public static final List<List<TrampolineProgram.CType>> ALL = List.of(
            List.of(),
            List.of(I64),
            List.of(U128),
            List.of(I64, U128),
            List.of(I32, I128, I64),
            List.of(F64, U128, F32),
            List.of(U64, U64, U64, U64, U64, U64, U64, U128),                 // spill: the u128 to the stack
            List.of(U64, U64, U64, U64, U64, U64, U128),
            List.of(U64, U64, U64, U64, U64, U64, U128, I64),
            List.of(I64, I64, I64, U128, I64),                                // x86-64: a stacked i64 into %r9
            List.of(I64, I64, I64, I64, I64, I64, I64, I64, I64),             // several words spill
            List.of(F32, I8, F64, U16, I128, F64, I32, U8, F32, U64),         // mixed
            List.of(F64, F64, F64, F64, F64, F64, F64, F64, F64, F32, I64),  // the ninth float on the stack
            List.of(F64, F64, F64, F64, F64, F64, F64, F64, F64, I64, I64, I64, I64, I64, I64, I128),
            List.of(FAT, I64, FAT),
            List.of(I64, I64, I64, I64, I64, FAT, I64),                       // a fat pointer never split
            List.of(OPT_F32, OPT_F64, U128, F64),
            List.of(OPT_U128, I64, U128),                                    // by stack copy / by reference
            List.of(I64, I64, I64, I64, I64, OPT_U128, U128, F64));
}
