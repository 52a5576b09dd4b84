package dev.race.format.rcrate;

import dev.race.format.elf.ElfObject;
import dev.race.format.fixtures.Tools;
import dev.race.steg.model.Crate;
import dev.race.steg.model.Version;
import dev.race.steg.testgen.RandomCrates;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A small C file with marker uses, compiled by gcc and turned into an .rcrate. */
final class RealObjects {
    static final String ENGINE_C = """
            extern const char __race_off_6engine9Transform_5scale[];
            extern const char __race_size_6engine9Transform[];
            extern const char __race_vtbl_6engine6Plugin_6plugin7Physics[];
            int counter;
            static int table[32];
            float get_scale(const void *t) {
                return *(const float *)((const char *)t + (unsigned long)__race_off_6engine9Transform_5scale);
            }
            unsigned long transform_size(void) { return (unsigned long)__race_size_6engine9Transform; }
            const void *physics_vtable(void) { return __race_vtbl_6engine6Plugin_6plugin7Physics; }
            int *slot(int i) { counter++; return &table[i & 31]; }
            const char *greet(void) { return "hello"; }
            """;

    private RealObjects() {
    }

    /** Compiles ENGINE_C with {@code gcc -O2 -fno-pic -fcommon -c} in {@code dir}; returns the object file. */
    static Path compile(Path dir) throws IOException {
        String gcc = Tools.find("gcc", "gcc");
        Files.writeString(dir.resolve("engine.c"), ENGINE_C, StandardCharsets.UTF_8);
        Tools.ok(dir, gcc, "-O2", "-fno-pic", "-fcommon", "-c", "engine.c", "-o", "engine.o");
        return dir.resolve("engine.o");
    }

    static ElfObject object(Path o) throws IOException {
        return ElfObject.read("engine.o", ByteBuffer.wrap(Files.readAllBytes(o)));
    }

    static RcrateFile rcrate(ElfObject o) {
        Crate engine = new Crate("engine", new Version(1, 2, 3, "beta", ""), List.of());
        RcrateFile f = ObjectToRcrate.convert(o, engine);
        return new RcrateFile(f.target(), f.crate(), List.of(RandomCrates.generate(5, 4)), f.objects(),
                f.sections(), f.groups(), f.symbols(), f.relocations(), f.queries());
    }
}
