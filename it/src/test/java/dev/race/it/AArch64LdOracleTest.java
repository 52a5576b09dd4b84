package dev.race.it;

import dev.race.bench.gen.LinkWorkload;

import java.util.ArrayList;
import java.util.List;

/**
 * The whole-link GNU ld oracle on AArch64: {@code aarch64-linux-gnu-gcc -mcmodel=large}, {@code aarch64-linux-gnu-ld},
 * both programs run under {@code qemu-aarch64}.
 */
class AArch64LdOracleTest extends WholeLinkLdOracle {
    @Override
    String target() {
        return "aarch64";
    }

    @Override
    String cc() {
        return "aarch64-linux-gnu-gcc";
    }

    @Override
    List<String> cflags() {
        List<String> flags = new ArrayList<>(LinkWorkload.CFLAGS);
        flags.replaceAll(f -> f.equals("-mcmodel=small") ? "-mcmodel=large" : f);
        flags.add("-fno-unwind-tables"); // AArch64 gcc emits .eh_frame by default; RACE places none in executables
        return flags;
    }

    @Override
    String ld() {
        return "aarch64-linux-gnu-ld";
    }

    @Override
    List<String> runner() {
        return List.of("qemu-aarch64");
    }
}
