package dev.race.link.vtable;

import dev.race.codegen.ArgShape;
import dev.race.codegen.Target;
import dev.race.codegen.x86_64.X86_64Target;
import dev.race.format.elf.ElfObject;
import dev.race.format.elf.ElfRelocations;
import dev.race.format.elf.ElfSection;
import dev.race.format.elf.ElfSymbols;
import dev.race.format.elf.RelocationTypes;
import dev.race.format.rcrate.RRelocations;
import dev.race.format.rcrate.RSection;
import dev.race.format.rcrate.RSymbols;
import dev.race.format.rcrate.RcrateFile;
import dev.race.format.rcrate.RcrateTarget;
import dev.race.layout.LayoutSolver;
import dev.race.layout.TargetSpec;
import dev.race.link.pipeline.InputCrate;
import dev.race.steg.lang.CompileResult;
import dev.race.steg.lang.Source;
import dev.race.steg.lang.StegCompiler;
import dev.race.steg.model.Crate;
import dev.race.steg.model.Path;
import dev.race.vtable.VtableEntry;
import dev.race.vtable.VtableException;
import dev.race.vtable.VtablePlan;
import dev.race.vtable.VtableSynthesizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The synthetic vtable input against GNU as: the same vtables and trampolines written as assembly must give the
 * same section bytes, the same relocations (compared by what they compute: section + offset for a defined
 * target, name + addend for an undefined one, since as rewrites references to local symbols as section-relative)
 * and the same symbols.
 */
class VtableMaterializerTest {
    static final String ENGINE = """
            crate engine 2.0.0;
            pub trait Plugin {
                fn name(&self) -> &str;
                fn build(&mut self, frame: u64);
                fn priority(&self) -> i32 = default(engine_plugin_priority);
                fn tick(&mut self, dt: f32, frame: u64, log: &str) = default(engine_plugin_tick);
            }
            """;
    static final String PLUGIN = """
            crate plugin 0.1.0;
            pub struct Physics { gravity: f32, id: u64 }
            pub struct Sound { volume: u8 }
            impl engine::Plugin for Physics { fn name = physics_name; fn build = physics_build; }
            impl engine::Plugin for Sound {
                fn name = sound_name; fn build = sound_build; fn priority = sound_priority; fn tick = sound_tick;
            }
            """;
    static final String PHYSICS = "__race_vtbl_6engine6Plugin_6plugin7Physics";
    static final String SOUND = "__race_vtbl_6engine6Plugin_6plugin5Sound";

    private final Target x86 = new X86_64Target();

    static List<VtablePlan> plans() {
        CompileResult r = StegCompiler.compile(List.of(new Source("engine.steg", ENGINE),
                new Source("plugin.steg", PLUGIN)));
        assertThat(r.diagnostics()).isEmpty();
        List<Crate> crates = r.crates();
        VtableSynthesizer s = new VtableSynthesizer(new LayoutSolver(TargetSpec.named("x86_64"), crates), crates);
        Path plugin = Path.parse("engine::Plugin");
        return List.of(s.plan(plugin, Path.parse("plugin::Physics")), s.plan(plugin, Path.parse("plugin::Sound")));
    }

    @Test
    void theCrateIsNamedAndShapedAsThePipelineExpects() {
        List<VtablePlan> plans = plans();
        InputCrate in = VtableMaterializer.materialize(plans, x86, RcrateTarget.X86_64);
        RcrateFile f = in.file();
        assertThat(in.name()).isEqualTo("<race: vtables>");
        assertThat(in.crateId()).isEqualTo("__race@0.0.0");
        assertThat(f.crate().items()).isEmpty();
        assertThat(f.target()).isEqualTo(RcrateTarget.X86_64);
        assertThat(f.objects()).containsExactly("<race: vtables>");
        assertThat(f.imports()).isEmpty();
        assertThat(f.queries()).isEmpty();
        assertThat(f.sections()).extracting(RSection::name, RSection::type, RSection::flags, RSection::align)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(".rodata.race.vtables", 1, 2L, 8L),
                        org.assertj.core.groups.Tuple.tuple(".text.race.trampolines", 1, 6L, 16L));
        // Physics: header + 4 slots; Sound likewise; both at 8-byte words
        assertThat(f.sections().get(0).size()).isEqualTo(2 * 7 * 8);
        ByteBuffer ro = f.sections().get(0).bytes().order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertThat(ro.getLong(0)).as("drop").isZero();
        assertThat(ro.getLong(8)).as("size").isEqualTo(plans.get(0).size()).isEqualTo(16);
        assertThat(ro.getLong(16)).as("align").isEqualTo(8);
        assertThat(ro.getLong(56 + 8)).as("Sound size").isEqualTo(1);
        RRelocations rel = f.relocations();
        for (int i = 0; i < rel.count(); i++) {
            assertThat(rel.query(i)).isEqualTo(-1);
        }
        // deterministic: the same plans give equal files, and the file is a valid .rcrate (written and read back)
        assertThat(VtableMaterializer.materialize(plans, x86, RcrateTarget.X86_64).file()).isEqualTo(f);
        byte[] written = dev.race.format.rcrate.RcrateWriter.write(f);
        assertThat(dev.race.format.rcrate.RcrateReader.read("vtables.rcrate", ByteBuffer.wrap(written)).file())
                .isEqualTo(f);
    }

    @Test
    void agreesWithGnuAs(@TempDir java.nio.file.Path dir) throws Exception {
        List<VtablePlan> plans = plans();
        assertThat(plans.get(0).methods()).extracting(e -> e.argsAfterSelf().size()).containsExactly(0, 1, 0, 3);
        RcrateFile f = VtableMaterializer.materialize(plans, x86, RcrateTarget.X86_64).file();

        String asm = """
                .section .rodata.race.vtables,"a",@progbits
                .balign 8
                .globl %1$s
                .type %1$s,@object
                %1$s:
                    .quad 0, %3$d, %4$d, physics_name, physics_build, tramp_prio, tramp_tick
                .size %1$s, .-%1$s
                .globl %2$s
                .type %2$s,@object
                %2$s:
                    .quad 0, %5$d, %6$d, sound_name, sound_build, sound_priority, sound_tick
                .size %2$s, .-%2$s
                .section .text.race.trampolines,"ax",@progbits
                .balign 16, 0xcc
                .type tramp_prio,@function
                tramp_prio:
                    lea %1$s(%%rip),%%rsi
                    jmp engine_plugin_priority
                .size tramp_prio, .-tramp_prio
                .balign 16, 0xcc
                .type tramp_tick,@function
                tramp_tick:
                    mov %%rcx,%%r8
                    mov %%rdx,%%rcx
                    mov %%rsi,%%rdx
                    lea %1$s(%%rip),%%rsi
                    jmp engine_plugin_tick
                .size tramp_tick, .-tramp_tick
                """.formatted(PHYSICS, SOUND, plans.get(0).size(), plans.get(0).align(), plans.get(1).size(),
                plans.get(1).align());
        Files.writeString(dir.resolve("v.s"), asm);
        run(dir, "as", "--64", "v.s", "-o", "v.o");
        ElfObject o = ElfObject.read("v.o", ByteBuffer.wrap(Files.readAllBytes(dir.resolve("v.o"))));

        for (int s = 0; s < 2; s++) {
            RSection ours = f.sections().get(s);
            ElfSection theirs = o.sections().stream().filter(x -> x.name().equals(ours.name())).findFirst()
                    .orElseThrow();
            assertThat(hex(ours.bytes())).as(ours.name()).isEqualTo(hex(theirs.contents()));
            assertThat(ours.flags()).isEqualTo(theirs.flags());
            assertThat(ours.type()).isEqualTo(theirs.type());
            assertThat(ours.align()).isEqualTo(theirs.addralign());
            // as lists relocations in no particular order; RACE's are by offset
            List<String> theirRelocs = asRelocs(o, theirs);
            theirRelocs.sort(java.util.Comparator.comparingLong(x -> Long.parseLong(x.substring(0, x.indexOf(' ')))));
            assertThat(ourRelocs(f, s)).as(ours.name() + " relocations").isEqualTo(theirRelocs);
        }
        assertThat(ourSymbols(f)).isEqualTo(asSymbols(o));
    }

    /**
     * The materialized sections, written out as {@code .byte} data with {@code .reloc} directives, linked by gcc
     * with C method bodies: a call through the default slot reaches the default body with self, the vtable and
     * the shifted arguments, and the default body calls back through the vtable it received.
     */
    @Test
    void runsWhenLinkedWithCMethodBodies(@TempDir java.nio.file.Path dir) throws Exception {
        String steg = """
                crate engine 1.0.0;
                pub trait Counter {
                    fn get(&self) -> u64;
                    fn add(&mut self, by: u64, times: u64);
                    fn add_twice(&mut self, by: u64, scale: f64, extra: u64) = default(counter_add_twice);
                }
                pub struct Cell { v: u64 }
                impl Counter for Cell { fn get = cell_get; fn add = cell_add; }
                """;
        CompileResult r = StegCompiler.compile(List.of(new Source("engine.steg", steg)));
        assertThat(r.diagnostics()).isEmpty();
        VtableSynthesizer s = new VtableSynthesizer(new LayoutSolver(TargetSpec.named("x86_64"), r.crates()),
                r.crates());
        Path counter = Path.parse("engine::Counter");
        VtablePlan plan = s.plan(counter, Path.parse("engine::Cell"));
        RcrateFile f = VtableMaterializer.materialize(List.of(plan), x86, RcrateTarget.X86_64).file();
        Files.writeString(dir.resolve("vtables.s"), assembly(f));
        String vt = "__race_vtbl_6engine7Counter_6engine4Cell";
        String c = """
                #include <stdio.h>
                typedef struct { unsigned long v; } Cell;
                extern void *const %1$s[];
                unsigned long cell_get(Cell *c) { return c->v; }
                void cell_add(Cell *c, unsigned long by, unsigned long times) { c->v += by * times; }
                void counter_add_twice(void *self, void *const *vt, unsigned long by, double scale, unsigned long extra) {
                    void (*add)(void *, unsigned long, unsigned long) = vt[%3$d / 8];
                    add(self, by, 2);
                    add(self, (unsigned long) scale, 1);
                    add(self, extra, 1);
                    printf("vtable passed: %%d\\n", vt == %1$s);
                }
                int main(void) {
                    Cell cell = { 1 };
                    void *const *vt = %1$s;
                    printf("size %%lu align %%lu drop %%lu\\n", (unsigned long) vt[1], (unsigned long) vt[2],
                           (unsigned long) vt[0]);
                    void (*twice)(void *, unsigned long, double, unsigned long) = vt[%4$d / 8];
                    twice(&cell, 5, 3.0, 100);
                    unsigned long (*get)(void *) = vt[%2$d / 8];
                    printf("%%lu\\n", get(&cell));
                    return 0;
                }
                """.formatted(vt, s.slotOffset(counter, "get"), s.slotOffset(counter, "add"),
                s.slotOffset(counter, "add_twice"));
        Files.writeString(dir.resolve("main.c"), c);
        run(dir, "gcc", "-O1", "-no-pie", "-o", "prog", "main.c", "vtables.s");
        Process p = new ProcessBuilder(dir.resolve("prog").toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        // 1 + 5*2 + 3 + 100
        assertThat(out).isEqualTo("size 8 align 8 drop 0\nvtable passed: 1\n114\n");
        assertThat(p.exitValue()).isZero();
    }

    /** GNU assembly for the crate's sections: bytes, symbols at their offsets, relocations as .reloc. */
    private static String assembly(RcrateFile f) {
        RSymbols sy = f.symbols();
        StringBuilder a = new StringBuilder();
        for (int si = 0; si < f.sections().size(); si++) {
            RSection sec = f.sections().get(si);
            a.append(".section ").append(sec.name()).append(",\"")
                    .append((sec.flags() & 4) != 0 ? "ax" : "a").append("\",@progbits\n.balign ")
                    .append(sec.align()).append("\n.Ls").append(si).append(":\n");
            ByteBuffer b = sec.bytes();
            for (int off = 0; off < sec.size(); off++) {
                for (int i = 0; i < sy.count(); i++) {
                    if (sy.section(i) == si && sy.value(i) == off) {
                        if (sy.binding(i) == 1) a.append(".globl ").append(sy.name(i)).append('\n');
                        a.append(label(sy, i)).append(":\n");
                    }
                }
                a.append(".byte ").append(b.get(off) & 0xff).append('\n');
            }
        }
        RRelocations rel = f.relocations();
        for (int i = 0; i < rel.count(); i++) {
            a.append(".section ").append(f.sections().get(rel.section(i)).name()).append('\n');
            a.append(".reloc .Ls").append(rel.section(i)).append('+').append(rel.offset(i)).append(", ")
                    .append(RelocationTypes.describe(62, rel.type(i))).append(", ").append(label(sy, rel.symbol(i)))
                    .append(rel.addend(i) < 0 ? "" : "+").append(rel.addend(i)).append('\n');
        }
        return a.toString();
    }

    /** Local (trampoline) names hold spaces; give them an assembler-friendly label. */
    private static String label(RSymbols sy, int i) {
        return sy.binding(i) == 0 ? "tramp" + i : sy.name(i);
    }

    @Test
    void aTrampolineTheTargetCannotMakeNamesTheMethod() {
        // four i64, then an Option<f64> that no longer finds a general register: psABI §3.2.3 passes it whole on
        // the stack, which frees %xmm0 and would move the f64 after it
        List<ArgShape> args = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            args.add(ArgShape.integer("parameter `a" + i + ": i64`", 8));
        }
        args.add(new ArgShape("parameter `o: Option<f64>`", 16, 8, List.of(
                new ArgShape.Piece(0, 8, ArgShape.Kind.INTEGER), new ArgShape.Piece(8, 8, ArgShape.Kind.FLOAT))));
        args.add(ArgShape.floating("parameter `x: f64`", 8));
        VtablePlan p = new VtablePlan(Path.parse("t::Tr"), Path.parse("t::S"), 8, 8, null,
                List.of(new VtableEntry("many", "t_many_default", true, args)));
        assertThatThrownBy(() -> VtableMaterializer.materialize(List.of(p), x86, RcrateTarget.X86_64))
                .isInstanceOf(VtableException.class)
                .hasMessage("impl t::Tr for t::S: the default body of `many` (t_many_default) cannot be reached "
                        + "through a trampoline: x86_64: inserting the vtable argument would move parameter "
                        + "`o: Option<f64>` from %r9, %xmm0 to 8(%rsp), 16(%rsp), and a trampoline moves only "
                        + "general-register and stack words");
    }

    /**
     * Supertraits against GNU as: the vtable of S as {@code dyn Shape} ({@code Shape: Named}) holds Named's slots
     * first, then Shape's, then the address of S's vtable as {@code dyn Named}; the default-filled {@code id} slot
     * of both vtables points at one trampoline, which passes the {@code dyn Named} vtable (the default body's own
     * trait's); word 0 of both is the type's drop glue.
     */
    @Test
    void supertraitSlotsAndTheUpcastWordAgreeWithGnuAs(@TempDir java.nio.file.Path dir) throws Exception {
        CompileResult r = StegCompiler.compile(new Source("e.steg", """
                crate e 1.0.0;
                pub trait Named { fn name(&self) -> u64; fn id(&self) -> u64 = default(e_named_id); }
                pub trait Shape: Named { fn area(&self) -> u64; }
                #[drop = "s_drop"]
                pub struct S { a: u64 }
                impl Named for S { fn name = s_name; }
                impl Shape for S { fn area = s_area; }
                """));
        assertThat(r.diagnostics()).isEmpty();
        List<Crate> crates = r.crates();
        VtableSynthesizer s = new VtableSynthesizer(new LayoutSolver(TargetSpec.named("x86_64"), crates), crates);
        List<VtablePlan> plans = List.of(s.plan(Path.parse("e::Named"), Path.parse("e::S")),
                s.plan(Path.parse("e::Shape"), Path.parse("e::S")));
        RcrateFile f = VtableMaterializer.materialize(plans, x86, RcrateTarget.X86_64).file();
        String named = "__race_vtbl_1e5Named_1e1S";
        String shape = "__race_vtbl_1e5Shape_1e1S";
        String asm = """
                .section .rodata.race.vtables,"a",@progbits
                .balign 8
                .globl %1$s
                .type %1$s,@object
                %1$s:
                    .quad s_drop, 8, 8, s_name, tramp_id
                .size %1$s, .-%1$s
                .globl %2$s
                .type %2$s,@object
                %2$s:
                    .quad s_drop, 8, 8, s_name, tramp_id, s_area, %1$s
                .size %2$s, .-%2$s
                .section .text.race.trampolines,"ax",@progbits
                .balign 16, 0xcc
                .type tramp_id,@function
                tramp_id:
                    lea %1$s(%%rip),%%rsi
                    jmp e_named_id
                .size tramp_id, .-tramp_id
                """.formatted(named, shape);
        Files.writeString(dir.resolve("s.s"), asm);
        run(dir, "as", "--64", "s.s", "-o", "s.o");
        ElfObject o = ElfObject.read("s.o", ByteBuffer.wrap(Files.readAllBytes(dir.resolve("s.o"))));
        for (int k = 0; k < 2; k++) {
            RSection ours = f.sections().get(k);
            ElfSection theirs = o.sections().stream().filter(x -> x.name().equals(ours.name())).findFirst()
                    .orElseThrow();
            assertThat(hex(ours.bytes())).as(ours.name()).isEqualTo(hex(theirs.contents()));
            List<String> theirRelocs = asRelocs(o, theirs);
            theirRelocs.sort(java.util.Comparator.comparingLong(x -> Long.parseLong(x.substring(0, x.indexOf(' ')))));
            assertThat(ourRelocs(f, k)).as(ours.name() + " relocations").isEqualTo(theirRelocs);
        }
        assertThat(ourSymbols(f)).isEqualTo(asSymbols(o));
        // a plan whose supertrait's vtable is not planned is a bug of the caller, named as such
        assertThatThrownBy(() -> VtableMaterializer.materialize(List.of(plans.get(1)), x86, RcrateTarget.X86_64))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs the vtable of e::S as dyn e::Named");
    }

    @Test
    void dropGlueIsAnAbsoluteWordWhenPlanned() {
        VtablePlan p = new VtablePlan(Path.parse("t::Tr"), Path.parse("t::S"), 24, 8, "t_S_drop",
                List.of(new VtableEntry("f", "t_S_f", false, List.of())));
        RcrateFile f = VtableMaterializer.materialize(List.of(p), x86, RcrateTarget.X86_64).file();
        assertThat(ourRelocs(f, 0)).containsExactly("0 R_X86_64_64 t_S_drop+0", "24 R_X86_64_64 t_S_f+0");
        assertThat(f.symbols().size(0)).isEqualTo(32);
    }

    private static String hex(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return HexFormat.ofDelimiter(" ").formatHex(a);
    }

    /** "OFFSET TYPE WHAT": WHAT is "section+value" for a defined target, "name+addend" for an undefined one. */
    private static List<String> ourRelocs(RcrateFile f, int section) {
        RRelocations r = f.relocations();
        RSymbols sy = f.symbols();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < r.count(); i++) {
            if (r.section(i) != section) continue;
            int s = r.symbol(i);
            String what = sy.section(s) == RSymbols.UNDEF ? sy.name(s) + "+" + r.addend(i)
                    : f.sections().get(sy.section(s)).name() + "+" + (sy.value(s) + r.addend(i));
            out.add(r.offset(i) + " " + RelocationTypes.describe(62, r.type(i)) + " " + what);
        }
        return out;
    }

    private static List<String> asRelocs(ElfObject o, ElfSection target) {
        ElfSymbols sy = o.symbols();
        List<String> out = new ArrayList<>();
        for (ElfRelocations rs : o.relocations()) {
            if (rs.target() != target.index()) continue;
            for (int i = 0; i < rs.count(); i++) {
                int s = rs.symbol(i);
                String what = sy.isUndefined(s) ? sy.name(s) + "+" + rs.addend(i)
                        : o.sections().get(sy.shndx(s)).name() + "+" + (sy.value(s) + rs.addend(i));
                out.add(rs.offset(i) + " " + RelocationTypes.describe(62, rs.type(i)) + " " + what);
            }
        }
        return out;
    }

    /** "name binding type section value size" per symbol, sorted; trampolines are compared by place, not name. */
    private static TreeSet<String> ourSymbols(RcrateFile f) {
        RSymbols sy = f.symbols();
        TreeSet<String> out = new TreeSet<>();
        for (int i = 0; i < sy.count(); i++) {
            boolean undef = sy.section(i) == RSymbols.UNDEF;
            String name = sy.binding(i) == 0 ? "local" : sy.name(i);
            out.add(name + " " + ElfSymbols.Binding.values()[sy.binding(i)] + " " + ElfSymbols.Type.values()[sy.type(i)]
                    + " " + (undef ? "UND" : f.sections().get(sy.section(i)).name() + " " + sy.value(i) + " "
                    + sy.size(i)));
        }
        return out;
    }

    private static TreeSet<String> asSymbols(ElfObject o) {
        ElfSymbols sy = o.symbols();
        TreeSet<String> out = new TreeSet<>();
        for (int i = 1; i < sy.count(); i++) {
            ElfSymbols.Type t = sy.type(i);
            if (t == ElfSymbols.Type.SECTION || t == ElfSymbols.Type.FILE) continue;
            boolean undef = sy.isUndefined(i);
            String name = sy.binding(i) == ElfSymbols.Binding.LOCAL ? "local" : sy.name(i);
            out.add(name + " " + sy.binding(i) + " " + t + " " + (undef ? "UND"
                    : o.sections().get(sy.shndx(i)).name() + " " + sy.value(i) + " " + sy.size(i)));
        }
        return out;
    }

    private static void run(java.nio.file.Path dir, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s timed out", cmd[0]).isTrue();
        assertThat(p.exitValue()).as("%s failed:\n%s", String.join(" ", cmd), out).isZero();
    }
}
