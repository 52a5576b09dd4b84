package dev.race.it;

import dev.race.bench.gen.LinkWorkload;

import java.util.List;

/** The whole-link GNU ld oracle on x86-64: gcc {@code -fno-pic}, {@code ld.bfd}, run natively. */
class LdOracleTest extends WholeLinkLdOracle {
    @Override
    String target() {
        return "x86_64";
    }

    @Override
    String cc() {
        return "gcc";
    }

    @Override
    List<String> cflags() {
        return LinkWorkload.CFLAGS;
    }

    @Override
    String ld() {
        return "ld.bfd";
    }

    @Override
    List<String> runner() {
        return List.of();
    }
}
