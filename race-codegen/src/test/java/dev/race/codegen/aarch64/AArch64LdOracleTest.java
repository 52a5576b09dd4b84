package dev.race.codegen.aarch64;

import dev.race.codegen.Location;
import dev.race.codegen.PatchSite;
import dev.race.codegen.SectionReloc;
import dev.race.format.elf.ElfObject;
import dev.race.format.elf.ElfRelocations;
import dev.race.format.elf.ElfSection;
import dev.race.format.elf.ElfSymbols;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import static dev.race.format.elf.RelocationTypes.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * DESIGN.md's oracle for AArch64: a generated workload (seeded, every ordinary relocation kind GNU ld applies in
 * a static non-PIE link, plus layout constants in the immediate forms) is assembled by aarch64-linux-gnu-as and
 * linked by aarch64-linux-gnu-ld at {@link #TEXT} with the data symbols and constants given by {@code --defsym};
 * the AArch64 target patching the same object with the same values must give a byte-identical .text.
 */
class AArch64LdOracleTest {
    static final long TEXT = 0x400000;
    @TempDir
    static Path dir;
    private final AArch64Target target = new AArch64Target();

    @BeforeAll
    static void tools() {
        assertThat(Gnu.available()).as("aarch64-linux-gnu binutils are needed (CI installs them: .ci/run)").isTrue();
    }

    /** A workload of {@code functions} functions of {@code perFunction} relocated instructions each. */
    static String workload(long seed, int functions, int perFunction, Map<String, Long> data,
                           Map<String, Long> constants) {
        Random rnd = new Random(seed);
        StringBuilder s = new StringBuilder(".text\n");
        List<String> words = new ArrayList<>();
        for (int f = 0; f < functions; f++) {
            s.append(".globl f").append(f).append("\nf").append(f).append(":\n");
            for (int i = 0; i < perFunction; i++) {
                String fn = "f" + rnd.nextInt(functions);
                String d = "d" + rnd.nextInt(data.size());
                String c = "c" + rnd.nextInt(constants.size());
                int r = rnd.nextInt(29);
                int off = 8 * rnd.nextInt(64);
                switch (rnd.nextInt(17)) {
                    case 0 -> s.append("bl ").append(fn).append('\n');
                    case 1 -> s.append("b ").append(fn).append('\n');
                    case 2 -> s.append("b.ne ").append(fn).append('\n');
                    case 3 -> s.append("cbz x").append(r).append(", ").append(fn).append('\n');
                    case 4 -> s.append("tbnz w").append(r).append(", #3, ").append(fn).append('\n');
                    case 5 -> s.append("adrp x").append(r).append(", ").append(d).append('+').append(off)
                            .append("\nadd x").append(r).append(", x").append(r).append(", :lo12:").append(d)
                            .append('+').append(off).append('\n');
                    case 6 -> {
                        String[] ld = {"ldrb w", "ldrh w", "ldr w", "ldr x", "ldr q"};
                        int k = rnd.nextInt(ld.length);
                        s.append("adrp x").append(r).append(", ").append(d).append("\n").append(ld[k])
                                .append(k == 4 ? r % 32 : (r + 1) % 29).append(", [x").append(r).append(", :lo12:")
                                .append(d).append('+').append(off * 2).append("]\n");
                    }
                    case 7 -> s.append("ldr x").append(r).append(", ").append(d).append('\n');
                    case 8 -> s.append("adr x").append(r).append(", ").append(d).append('+').append(rnd.nextInt(99))
                            .append('\n');
                    case 9 -> s.append("movz x").append(r).append(", #:abs_g3:").append(d).append("\nmovk x").append(r)
                            .append(", #:abs_g2_nc:").append(d).append("\nmovk x").append(r).append(", #:abs_g1_nc:")
                            .append(d).append("\nmovk x").append(r).append(", #:abs_g0_nc:").append(d).append('\n');
                    case 10 -> s.append("movz x").append(r).append(", #:abs_g1:").append(d).append("\nmovk x")
                            .append(r).append(", #:abs_g0_nc:").append(d).append('\n');
                    case 11 -> s.append("movz x").append(r).append(", #:prel_g1:").append(d).append("\nmovk x")
                            .append(r).append(", #:prel_g0_nc:").append(d).append("\nmovz x").append(r)
                            .append(", #:prel_g0:").append(fn).append('\n');
                    case 12 -> s.append("movz x").append(r).append(", #:abs_g0_s:").append(c).append("-64\n")
                            .append("movz x").append(r).append(", #:abs_g2:").append(d).append('\n');
                    // layout constants in the immediate forms
                    case 13 -> s.append("add x").append(r).append(", x").append((r + 3) % 29).append(", :lo12:")
                            .append(c).append('\n');
                    case 14 -> s.append("ldr w").append(r).append(", [x").append((r + 5) % 29).append(", :lo12:")
                            .append(c).append("]\n");
                    case 15 -> s.append("movz x").append(r).append(", #:abs_g0:").append(c).append('\n');
                    default -> words.add(switch (rnd.nextInt(5)) {
                        case 0 -> ".xword " + d + "+" + off;
                        case 1 -> ".word " + d;
                        case 2 -> ".word " + d + " - .";
                        case 3 -> ".xword " + d + " - .";
                        default -> ".hword d0 - .\n.hword " + c;
                    });
                }
            }
            s.append("ret\n");
        }
        for (String w : words) {
            s.append(".balign 8\n").append(w).append('\n');
        }
        return s.toString();
    }

    @Test
    @DisplayName("aarch64-ld-oracle: a generated workload patched like GNU ld's static link")
    void generatedWorkload() throws IOException {
        Map<String, Long> data = new LinkedHashMap<>();
        for (int i = 0; i < 12; i++) {
            data.put("d" + i, 0x404000L + 0x1230L * i + (i % 3) * 0x10000);
        }
        Map<String, Long> constants = new LinkedHashMap<>();
        long[] values = {0, 8, 24, 64, 200, 1024};
        for (int i = 0; i < values.length; i++) {
            constants.put("c" + i, values[i]);
        }
        for (long seed = 1; seed <= 3; seed++) {
            String src = workload(seed, 40, 12, data, constants);
            Path o = assemble("w" + seed, src);
            TreeSet<Integer> types = new TreeSet<>();
            byte[] race = raceText(o, constants, data, types);
            Map<String, Long> all = new LinkedHashMap<>(data);
            all.putAll(constants);
            byte[] ld = ldText(o, all);
            assertThat(HexFormat.ofDelimiter(" ").formatHex(race)).as("seed %d", seed)
                    .isEqualTo(HexFormat.ofDelimiter(" ").formatHex(ld));
            if (seed == 1) {
                assertThat(types).contains(R_AARCH64_CALL26, R_AARCH64_JUMP26, R_AARCH64_CONDBR19, R_AARCH64_TSTBR14,
                        R_AARCH64_ADR_PREL_PG_HI21, R_AARCH64_ADD_ABS_LO12_NC, R_AARCH64_LDST8_ABS_LO12_NC,
                        R_AARCH64_LDST16_ABS_LO12_NC, R_AARCH64_LDST32_ABS_LO12_NC, R_AARCH64_LDST64_ABS_LO12_NC,
                        R_AARCH64_LDST128_ABS_LO12_NC, R_AARCH64_LD_PREL_LO19, R_AARCH64_ADR_PREL_LO21,
                        R_AARCH64_MOVW_UABS_G0, R_AARCH64_MOVW_UABS_G0_NC, R_AARCH64_MOVW_UABS_G1,
                        R_AARCH64_MOVW_UABS_G1_NC, R_AARCH64_MOVW_UABS_G2, R_AARCH64_MOVW_UABS_G2_NC,
                        R_AARCH64_MOVW_UABS_G3, R_AARCH64_MOVW_SABS_G0, R_AARCH64_MOVW_PREL_G0,
                        R_AARCH64_MOVW_PREL_G0_NC, R_AARCH64_MOVW_PREL_G1, R_AARCH64_ABS64, R_AARCH64_ABS32,
                        R_AARCH64_ABS16, R_AARCH64_PREL64, R_AARCH64_PREL32, R_AARCH64_PREL16);
            }
        }
    }

    /**
     * ld does not rewrite an adrp of an absolute symbol, so for the address forms the reference is ld's own
     * application of the MOVW relocations of the instructions they must become: the relaxed .text equals ld's
     * .text of {@code movz}/{@code movk} (:abs_g0:, :abs_g0_nc:, :abs_g1_nc:) with {@code nop} or {@code mov}.
     */
    @Test
    @DisplayName("aarch64-ld-oracle-relaxations: adrp + add / ldr :got_lo12:, adr, ldr :got: equal ld's movz + movk")
    void relaxationsEqualLdsMovw() throws IOException {
        Map<String, Long> constants = new LinkedHashMap<>();
        long[] values = {0, 8, 24, 0xfff0, 0x12340, 0x7fff_fff8L};
        for (int i = 0; i < values.length; i++) {
            constants.put("c" + i, values[i]);
        }
        StringBuilder relaxed = new StringBuilder(".text\n");
        StringBuilder expected = new StringBuilder(".text\n");
        Random rnd = new Random(7);
        for (int i = 0; i < values.length; i++) {
            String c = "c" + i;
            boolean small = values[i] < 0x10000;
            for (int round = 0; round < 4; round++) {
                int r = rnd.nextInt(29);
                int d = (r + 1 + rnd.nextInt(27)) % 29;
                String wide = small ? "nop\n" : "movk x" + r + ", #:abs_g1_nc:" + c + "\n";
                String load = "movz x" + r + ", #:abs_g0_nc:" + c + "\n" + wide;
                relaxed.append("adrp x").append(r).append(", ").append(c).append("\nadd x").append(r).append(", x")
                        .append(r).append(", :lo12:").append(c).append('\n');
                expected.append(load);
                relaxed.append("adrp x").append(r).append(", :got:").append(c).append("\nldr x").append(r)
                        .append(", [x").append(r).append(", :got_lo12:").append(c).append("]\n");
                expected.append(load);
                if (small) {
                    relaxed.append("adrp x").append(r).append(", ").append(c).append("\nadd x").append(d)
                            .append(", x").append(r).append(", :lo12:").append(c).append('\n');
                    expected.append("movz x").append(r).append(", #:abs_g0:").append(c).append("\nmov x").append(d)
                            .append(", x").append(r).append('\n');
                    relaxed.append("adr x").append(r).append(", ").append(c).append("\nldr x").append(d)
                            .append(", :got:").append(c).append('\n');
                    expected.append("movz x").append(r).append(", #:abs_g0:").append(c).append("\nmovz x")
                            .append(d).append(", #:abs_g0:").append(c).append('\n');
                }
            }
        }
        TreeSet<Integer> types = new TreeSet<>();
        byte[] race = raceText(assemble("relaxed", relaxed.toString()), constants, Map.of(), types);
        assertThat(types).containsExactlyInAnyOrder(R_AARCH64_ADR_PREL_PG_HI21, R_AARCH64_ADD_ABS_LO12_NC,
                R_AARCH64_ADR_GOT_PAGE, R_AARCH64_LD64_GOT_LO12_NC, R_AARCH64_ADR_PREL_LO21,
                R_AARCH64_GOT_LD_PREL19);
        byte[] ld = ldText(assemble("expected", expected.toString()), constants);
        assertThat(HexFormat.ofDelimiter(" ").formatHex(race)).isEqualTo(HexFormat.ofDelimiter(" ").formatHex(ld));
    }

    private static Path assemble(String name, String source) throws IOException {
        Files.writeString(dir.resolve(name + ".s"), source);
        Gnu.run(dir, Gnu.AS, name + ".s", "-o", name + ".o");
        return dir.resolve(name + ".o");
    }

    private static byte[] ldText(Path object, Map<String, Long> symbols) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("aarch64-linux-gnu-ld", "-static", "-no-pie",
                "-Ttext=0x" + Long.toHexString(TEXT), "-e", "0"));
        symbols.forEach((k, v) -> {
            cmd.add("--defsym");
            cmd.add(k + "=" + v);
        });
        String name = object.getFileName().toString();
        cmd.addAll(List.of(name, "-o", name + ".exe"));
        Gnu.run(dir, cmd.toArray(String[]::new));
        Gnu.run(dir, "aarch64-linux-gnu-objcopy", "-O", "binary", "--only-section=.text", name + ".exe", name + ".bin");
        return Files.readAllBytes(dir.resolve(name + ".bin"));
    }

    /** The object's .text patched by the target: constants through the section plan, the rest as addresses. */
    private byte[] raceText(Path object, Map<String, Long> constants, Map<String, Long> data, TreeSet<Integer> seen)
            throws IOException {
        ElfObject o = ElfObject.read(object.getFileName().toString(), ByteBuffer.wrap(Files.readAllBytes(object)));
        ElfSection text = o.sections().stream().filter(x -> x.name().equals(".text")).findFirst().orElseThrow();
        ByteBuffer contents = text.contents();
        byte[] out = new byte[contents.remaining()];
        contents.duplicate().get(out);
        ElfSymbols syms = o.symbols();
        for (ElfRelocations rs : o.relocations()) {
            if (rs.target() != text.index()) {
                continue;
            }
            List<SectionReloc> plan = new ArrayList<>();
            for (int i = 0; i < rs.count(); i++) {
                plan.add(new SectionReloc(rs.offset(i), rs.type(i), rs.addend(i), rs.symbol(i),
                        constants.containsKey(syms.name(rs.symbol(i)))));
            }
            Object p = target.planSection(ByteBuffer.wrap(out.clone()).asReadOnlyBuffer(), plan);
            ByteBuffer buf = ByteBuffer.wrap(out);
            for (int i = 0; i < rs.count(); i++) {
                int sym = rs.symbol(i);
                String name = syms.name(sym);
                long off = rs.offset(i);
                seen.add(rs.type(i));
                PatchSite site = new PatchSite(buf, (int) off, new Location(o.fileName(), ".text", off, name));
                if (constants.containsKey(name)) {
                    target.patchConstant(site, rs.type(i), constants.get(name), rs.addend(i), p);
                } else if (data.containsKey(name)) {
                    target.relocate(site, rs.type(i), data.get(name), rs.addend(i), TEXT + off);
                } else if (syms.shndx(sym) == text.index()) {
                    target.relocate(site, rs.type(i), TEXT + syms.value(sym), rs.addend(i), TEXT + off);
                } else {
                    throw new AssertionError("fixture symbol " + name + " is neither .text nor given");
                }
            }
        }
        return out;
    }
}
