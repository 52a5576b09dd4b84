package dev.race.codegen.x86_64;

import dev.race.codegen.Location;
import dev.race.codegen.PatchSite;
import dev.race.codegen.Target;
import dev.race.format.elf.ElfObject;
import dev.race.format.elf.ElfRelocations;
import dev.race.format.elf.ElfSection;
import dev.race.format.elf.ElfSymbols;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The oracle: GNU as assembles a tiny input, GNU ld links it statically at {@link #TEXT} with the layout
 * constants given as absolute symbols ({@code --defsym}), and the patcher applies the same object's relocations
 * with the same addresses. Missing tools fail the test, never skip it.
 */
final class GnuToolchain {
    static final long TEXT = 0x401000;

    private GnuToolchain() {
    }

    /** What ld produced and what the patcher produced for one input, plus the relocation types seen. */
    record Outcome(byte[] ld, byte[] race, TreeSet<Integer> types) {
    }

    static Path assemble(Path dir, String name, String source) throws IOException {
        Files.writeString(dir.resolve(name + ".s"), source);
        run(dir, "as", "--64", name + ".s", "-o", name + ".o");
        return dir.resolve(name + ".o");
    }

    /** ld's .text for {@code object} linked with {@code symbols} as absolute symbols. */
    static byte[] ldText(Path dir, Path object, Map<String, Long> symbols) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ld", "-static", "-no-pie", "-Ttext=0x" + Long.toHexString(TEXT),
                "-e", "0"));
        symbols.forEach((k, v) -> {
            cmd.add("--defsym");
            cmd.add(k + "=" + v);
        });
        String exe = object.getFileName().toString().replace(".o", ".exe");
        String bin = object.getFileName().toString().replace(".o", ".bin");
        cmd.addAll(List.of(object.getFileName().toString(), "-o", exe));
        run(dir, cmd.toArray(String[]::new));
        run(dir, "objcopy", "-O", "binary", "--only-section=.text", exe, bin);
        return Files.readAllBytes(dir.resolve(bin));
    }

    /**
     * The object's .text with every relocation applied by {@code target}: symbols in {@code constants} are layout
     * markers ({@link Target#patchConstant}), {@code addresses} are other absolute symbols, and symbols defined in
     * .text get their linked address.
     */
    static byte[] raceText(Target target, Path object, Map<String, Long> constants, Map<String, Long> addresses,
                           TreeSet<Integer> typesSeen) throws IOException {
        ElfObject o = ElfObject.read(object.getFileName().toString(), ByteBuffer.wrap(Files.readAllBytes(object)));
        ElfSection text = o.sections().stream().filter(s -> s.name().equals(".text")).findFirst().orElseThrow();
        ByteBuffer contents = text.contents();
        byte[] out = new byte[contents.remaining()];
        contents.get(out);
        ByteBuffer buf = ByteBuffer.wrap(out);
        ElfSymbols syms = o.symbols();
        for (ElfRelocations rs : o.relocations()) {
            if (rs.target() != text.index()) {
                continue;
            }
            for (int i = 0; i < rs.count(); i++) {
                int sym = rs.symbol(i);
                String name = syms.name(sym);
                int type = rs.type(i);
                typesSeen.add(type);
                long off = rs.offset(i);
                long p = TEXT + off;
                PatchSite site = new PatchSite(buf, (int) off, new Location(o.fileName(), ".text", off, name));
                if (constants.containsKey(name)) {
                    target.patchConstant(site, type, constants.get(name), rs.addend(i));
                } else if (addresses.containsKey(name)) {
                    target.relocate(site, type, addresses.get(name), rs.addend(i), p);
                } else if (syms.shndx(sym) == text.index()) {
                    target.relocate(site, type, TEXT + syms.value(sym), rs.addend(i), p);
                } else {
                    throw new AssertionError("fixture symbol " + name + " is neither .text nor given");
                }
            }
        }
        return out;
    }

    static Outcome both(Target target, Path dir, String name, String source, Map<String, Long> constants,
                        Map<String, Long> addresses) throws IOException {
        Path object = assemble(dir, name, source);
        Map<String, Long> all = new java.util.TreeMap<>(constants);
        all.putAll(addresses);
        TreeSet<Integer> types = new TreeSet<>();
        byte[] race = raceText(target, object, constants, addresses, types);
        return new Outcome(ldText(dir, object, all), race, types);
    }

    static String run(Path dir, String... cmd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(dir.toFile());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new AssertionError(cmd[0] + " is not installed (Debian: apt-get install binutils)", e);
        }
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + String.join(" ", cmd));
            }
            if (p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", cmd) + " failed:\n" + out);
            }
            return out;
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }
}
