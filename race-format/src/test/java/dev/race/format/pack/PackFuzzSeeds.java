package dev.race.format.pack;

import dev.race.format.fixtures.Tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the seed corpus of {@link PackFuzzTest} (docs/fuzzing.md, "Seeds"): {@link PackFixtures#PLUGIN_C}
 * compiled by gcc (no PIC, and PIE), by the AArch64 gcc, and an ar archive of the first, so the corpus starts from
 * objects the packer accepts. Run by {@code bench/fuzz.sh seeds}; argument: the module's src/test/resources.
 */
public final class PackFuzzSeeds {
    static final List<String> SEEDS = List.of("plugin-nopic-o", "plugin-pie-o", "plugin-a64-o", "libplugin-a");

    private PackFuzzSeeds() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]).resolve("dev/race/format/pack/PackFuzzTestInputs/pack");
        Files.createDirectories(out);
        Path dir = Files.createTempDirectory("pack-seeds");
        String gcc = Tools.find("gcc", "gcc");
        String a64 = Tools.find("aarch64-linux-gnu-gcc", "gcc-aarch64-linux-gnu");
        String[] small = {"-O2", "-fno-asynchronous-unwind-tables"};
        Path nopic = PackFixtures.cc(dir, "nopic.o", gcc, PackFixtures.PLUGIN_C, "-O2", "-fno-pic",
                "-fno-asynchronous-unwind-tables");
        Path pie = PackFixtures.cc(dir, "pie.o", gcc, PackFixtures.PLUGIN_C, small);
        Path arm = PackFixtures.cc(dir, "a64.o", a64, PackFixtures.PLUGIN_C, small);
        Tools.ok(dir, Tools.find("ar", "binutils"), "rcD", "libplugin.a", "nopic.o");
        Files.copy(nopic, out.resolve("plugin-nopic-o"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(pie, out.resolve("plugin-pie-o"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(arm, out.resolve("plugin-a64-o"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(dir.resolve("libplugin.a"), out.resolve("libplugin-a"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
