package dev.race.codegen;

import dev.race.format.elf.Elf;
import org.junit.jupiter.api.Test;

import static dev.race.format.elf.RelocationTypes.*;
import static org.assertj.core.api.Assertions.assertThat;

class TargetsTest {

    @Test
    void x86_64IsFoundByMachineAndByName() {
        Target byMachine = Targets.forMachine(Elf.EM_X86_64).orElseThrow();
        assertThat(byMachine.name()).isEqualTo("x86_64");
        assertThat(byMachine.elfMachine()).isEqualTo(62);
        assertThat(Targets.named("x86_64")).get().extracting(Target::elfMachine).isEqualTo(Elf.EM_X86_64);
        assertThat(Targets.all()).extracting(Target::name).containsExactly("x86_64", "aarch64");
    }

    @Test
    void aarch64IsFoundByMachineAndByName() {
        Target byMachine = Targets.forMachine(Elf.EM_AARCH64).orElseThrow();
        assertThat(byMachine.name()).isEqualTo("aarch64");
        assertThat(byMachine.elfMachine()).isEqualTo(183);
        assertThat(Targets.named("aarch64")).get().extracting(Target::elfMachine).isEqualTo(Elf.EM_AARCH64);
        assertThat(byMachine.absolutePointerType()).isEqualTo(R_AARCH64_ABS64);
    }

    @Test
    void aarch64MapsRawTypesToTheGenericVocabulary() {
        Target t = Targets.named("aarch64").orElseThrow();
        assertThat(t.kind(R_AARCH64_NONE)).isEqualTo(RelocKind.NONE);
        for (int abs : new int[] {R_AARCH64_ABS64, R_AARCH64_ABS32, R_AARCH64_ABS16, R_AARCH64_ADD_ABS_LO12_NC,
                R_AARCH64_LDST8_ABS_LO12_NC, R_AARCH64_LDST128_ABS_LO12_NC, R_AARCH64_MOVW_UABS_G0,
                R_AARCH64_MOVW_UABS_G3, R_AARCH64_MOVW_SABS_G2}) {
            assertThat(t.kind(abs)).as("type %d", abs).isEqualTo(RelocKind.ABS);
        }
        for (int pc : new int[] {R_AARCH64_PREL64, R_AARCH64_PREL32, R_AARCH64_PREL16, R_AARCH64_ADR_PREL_PG_HI21,
                R_AARCH64_ADR_PREL_PG_HI21_NC, R_AARCH64_ADR_PREL_LO21, R_AARCH64_LD_PREL_LO19, R_AARCH64_CONDBR19,
                R_AARCH64_TSTBR14, R_AARCH64_MOVW_PREL_G0, R_AARCH64_MOVW_PREL_G3}) {
            assertThat(t.kind(pc)).as("type %d", pc).isEqualTo(RelocKind.PC);
        }
        assertThat(t.kind(R_AARCH64_CALL26)).isEqualTo(RelocKind.PLT_PC);
        assertThat(t.kind(R_AARCH64_JUMP26)).isEqualTo(RelocKind.PLT_PC);
        assertThat(t.kind(R_AARCH64_ADR_GOT_PAGE)).isEqualTo(RelocKind.GOT_PC_RELAX);
        assertThat(t.kind(R_AARCH64_LD64_GOT_LO12_NC)).isEqualTo(RelocKind.GOT_PC_RELAX);
        assertThat(t.kind(R_AARCH64_TLSGD_ADR_PAGE21)).isEqualTo(RelocKind.UNSUPPORTED);
    }

    @Test
    void unknownMachinesAndNamesAreEmpty() {
        assertThat(Targets.forMachine(3)).isEmpty(); // EM_386
        assertThat(Targets.named("x86-64")).isEmpty();
    }

    @Test
    void x86_64MapsRawTypesToTheGenericVocabulary() {
        Target t = Targets.named("x86_64").orElseThrow();
        assertThat(t.kind(R_X86_64_NONE)).isEqualTo(RelocKind.NONE);
        for (int abs : new int[] {R_X86_64_64, R_X86_64_32, R_X86_64_32S, R_X86_64_16, R_X86_64_8}) {
            assertThat(t.kind(abs)).as("type %d", abs).isEqualTo(RelocKind.ABS);
        }
        for (int pc : new int[] {R_X86_64_PC64, R_X86_64_PC32, R_X86_64_PC16, R_X86_64_PC8}) {
            assertThat(t.kind(pc)).as("type %d", pc).isEqualTo(RelocKind.PC);
        }
        assertThat(t.kind(R_X86_64_PLT32)).isEqualTo(RelocKind.PLT_PC);
        assertThat(t.kind(R_X86_64_GOTPCREL)).isEqualTo(RelocKind.GOT_PC);
        assertThat(t.kind(R_X86_64_GOTPCRELX)).isEqualTo(RelocKind.GOT_PC_RELAX);
        assertThat(t.kind(R_X86_64_REX_GOTPCRELX)).isEqualTo(RelocKind.GOT_PC_RELAX);
        assertThat(t.kind(R_X86_64_TPOFF32)).isEqualTo(RelocKind.UNSUPPORTED);
        assertThat(t.kind(R_X86_64_GOTOFF64)).isEqualTo(RelocKind.UNSUPPORTED);
    }
}
