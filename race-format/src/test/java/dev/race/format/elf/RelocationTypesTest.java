package dev.race.format.elf;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The relocation tables agree with glibc's elf.h, an independent transcription of the same ABI documents. */
class RelocationTypesTest {
    @Test
    void tablesAgreeWithElfH() throws IOException {
        Path elfH = Path.of("/usr/include/elf.h");
        assertThat(elfH).as("glibc's elf.h (Debian: libc6-dev)").exists();
        Map<String, Integer> defs = new HashMap<>();
        Matcher m = Pattern.compile("#define\\s+(R_(?:X86_64|AARCH64)_\\w+)\\s+(\\d+)").matcher(Files.readString(elfH));
        while (m.find()) {
            defs.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        for (int machine : new int[]{Elf.EM_X86_64, Elf.EM_AARCH64}) {
            int checked = 0;
            for (Map.Entry<Integer, String> e : RelocationTypes.table(machine).entrySet()) {
                Integer v = defs.get(e.getValue());
                if (v != null) {
                    assertThat(e.getKey()).as(e.getValue()).isEqualTo(v);
                    checked++;
                }
            }
            assertThat(checked).as("entries checked for machine %d", machine)
                    .isGreaterThanOrEqualTo(machine == Elf.EM_X86_64 ? 40 : 120);
        }
        assertThat(RelocationTypes.describe(Elf.EM_X86_64, 43)).isEqualTo("unknown x86-64 relocation type 43");
        assertThat(RelocationTypes.describe(Elf.EM_AARCH64, 283)).isEqualTo("R_AARCH64_CALL26");
    }
}
