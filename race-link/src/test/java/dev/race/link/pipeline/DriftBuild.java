package dev.race.link.pipeline;

import dev.race.bindgen.Bindgen;
import dev.race.bindgen.BindgenRequest;
import dev.race.bindgen.Lang;
import dev.race.layout.TargetSpec;
import dev.race.link.testing.Workspace;
import dev.race.steg.lang.CompileResult;
import dev.race.steg.lang.Source;
import dev.race.steg.lang.StegCompiler;
import dev.race.steg.model.Crate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Builds the drift demo of examples/drift as its run.sh does: each engine and the plugin are compiled against the
 * C bindings {@code race bindgen} generates from their STEG (the plugin's against engine 1.0's), then packed.
 * One instance per (compiler, flags, target) in its own directory of the workspace, so builds run in parallel.
 */
final class DriftBuild {
    static final Path DRIFT = DriftDemoTest.DRIFT;

    final Workspace ws;
    final String tag;
    final String compiler;
    final List<String> flags;
    final String target;

    DriftBuild(Workspace ws, String tag, String compiler, List<String> flags, String target) {
        this.ws = ws;
        this.tag = tag;
        this.compiler = compiler;
        this.flags = List.copyOf(flags);
        this.target = target;
    }

    static Path steg(String what) {
        return DRIFT.resolve(what.equals("plugin") ? "plugin/plugin.steg" : "engine-" + what + "/engine.steg");
    }

    /**
     * Writes {@code dir/<crate>.h} (or {@code .rs}), the bindings of the first of {@code sources} (the others are
     * its imports), as {@code race bindgen} would.
     */
    static Path bindings(Lang lang, Path dir, String target, Source... sources) throws Exception {
        CompileResult r = StegCompiler.compile(List.of(sources));
        assertThat(r.hasErrors()).as("%s", r.diagnostics()).isFalse();
        List<Crate> cs = r.crates();
        String text = Bindgen.generate(new BindgenRequest(lang, cs.get(0), cs.subList(1, cs.size()),
                TargetSpec.named(target)));
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve(Bindgen.fileName(lang, cs.get(0).name())), text);
    }

    static Source source(Path steg) throws Exception {
        return new Source(steg.toString(), Files.readString(steg));
    }

    private void header(Path dir, Path... stegs) throws Exception {
        Source[] ss = new Source[stegs.length];
        for (int i = 0; i < stegs.length; i++) ss[i] = source(stegs[i]);
        bindings(Lang.C, dir, target, ss);
    }

    /** Compiles {@code source} with this build's compiler and flags, and {@code -I} each of {@code include}. */
    Path compile(Path source, String name, Path... include) throws Exception {
        Path o = ws.dir.resolve(tag + "-" + name + ".o");
        List<String> cmd = new ArrayList<>(List.of(compiler));
        if (compiler.equals("clang") && target.equals("aarch64")) cmd.add("--target=aarch64-linux-gnu");
        cmd.add("-c");
        cmd.addAll(flags);
        for (Path i : include) cmd.addAll(List.of("-I", i.toString()));
        cmd.addAll(List.of(source.toString(), "-o", o.toString()));
        ws.exec(cmd);
        return o;
    }

    /** Runs a linked program of this build: natively, or under qemu-aarch64. */
    Workspace.Ran run(String program) throws Exception {
        Path p = ws.dir.resolve(program);
        return target.equals("aarch64") ? ws.run(p, "qemu-aarch64") : ws.run(p);
    }

    /** Engine {@code version} ("1.0", "2.0", "3.0") compiled against its own bindings and packed. */
    Path engine(String version) throws Exception {
        Path inc = ws.dir.resolve(tag + "-engine-" + version);
        header(inc, steg(version));
        Path o = compile(DRIFT.resolve("engine-" + version + "/engine.c"), "engine-" + version, inc);
        return ws.pack(tag + "-engine-" + version + ".rcrate", steg(version), List.of(), o);
    }

    /** The plugin compiled against plugin.h and engine 1.0's engine.h, packed with engine 1.0 as its view. */
    Path plugin() throws Exception {
        Path inc = ws.dir.resolve(tag + "-plugin-include");
        header(inc, steg("1.0"));
        header(inc, steg("plugin"), steg("1.0"));
        Path o = compile(DRIFT.resolve("plugin/plugin.c"), "plugin", inc);
        return ws.pack(tag + "-plugin.rcrate", steg("plugin"), List.of(steg("1.0")), o);
    }
}
