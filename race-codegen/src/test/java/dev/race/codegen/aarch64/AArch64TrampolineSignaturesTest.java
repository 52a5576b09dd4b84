package dev.race.codegen.aarch64;

import dev.race.codegen.TrampolineProgram;
import dev.race.codegen.TrampolineSignatures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AArch64 trampolines for argument lists the old x86-64-shaped model got wrong (AAPCS64 §6.8.2: a u128/i128 in an
 * even register pair, C.8; floats in v0-v7, which the vtable argument does not move; arguments that spill to the
 * stack, C.11-C.15), run under qemu-aarch64: each default body prints whether self and the vtable arrived and every
 * argument's value.
 */
class AArch64TrampolineSignaturesTest {
    @Test
    void everyArgumentArrivesWhereTheDefaultBodyReadsIt(@TempDir Path dir) throws Exception {
        assertThat(Gnu.available()).as("aarch64-linux-gnu binutils are needed (CI installs them: .ci/run)").isTrue();
        TrampolineProgram p = new TrampolineProgram(new AArch64Target());
        for (List<TrampolineProgram.CType> sig : TrampolineSignatures.ALL) {
            p.method(sig);
        }
        assertThat(p.run(dir)).isEqualTo(p.expected());
    }
}
