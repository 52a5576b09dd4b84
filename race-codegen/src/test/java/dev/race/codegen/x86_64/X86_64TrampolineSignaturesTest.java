package dev.race.codegen.x86_64;

import dev.race.codegen.TrampolineProgram;
import dev.race.codegen.TrampolineSignatures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * x86-64 trampolines for 128-bit, floating-point, aggregate and spilling argument lists (psABI §3.2.3: a u128 takes
 * two consecutive INTEGER registers or goes whole to the stack, 16-byte aligned; SSE arguments stay in %xmm), run
 * natively: each default body prints whether self and the vtable arrived and every argument's value.
 */
class X86_64TrampolineSignaturesTest {
    @Test
    void everyArgumentArrivesWhereTheDefaultBodyReadsIt(@TempDir Path dir) throws Exception {
        TrampolineProgram p = new TrampolineProgram(new X86_64Target());
        for (List<TrampolineProgram.CType> sig : TrampolineSignatures.ALL) {
            p.method(sig);
        }
        assertThat(p.run(dir)).isEqualTo(p.expected());
    }
}
