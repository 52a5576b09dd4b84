package dev.race.link.fuzz;

import dev.race.bindgen.Bindgen;
import dev.race.bindgen.BindgenRequest;
import dev.race.bindgen.Lang;
import dev.race.layout.TargetSpec;
import dev.race.link.testing.Workspace;
import dev.race.steg.lang.CompileResult;
import dev.race.steg.lang.Source;
import dev.race.steg.lang.StegCompiler;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the fixed engine and the seed corpus of {@link LinkFuzzTest} (docs/fuzzing.md, "Seeds") from the drift
 * example, as examples/drift/run.sh builds it: engine 2.0 (the fixed input) and the plugin compiled against
 * engine 1.0, once without PIC and once as PIE, packed by {@link dev.race.link.RacePacker}, against the C bindings
 * {@link Bindgen} generates. Run by {@code bench/fuzz.sh seeds};
 * argument: the module's src/test/resources directory.
 */
public final class LinkFuzzSeeds {
    static final List<String> SEEDS = List.of("plugin-nopic-rcrate", "plugin-pie-rcrate");

    private LinkFuzzSeeds() {
    }

    public static void main(String[] args) throws Exception {
        Path res = Path.of(args[0]).resolve("dev/race/link/fuzz");
        Path seeds = res.resolve("LinkFuzzTestInputs/link");
        Files.createDirectories(seeds);
        Path drift = repo().resolve("examples/drift");
        Workspace w = new Workspace(Files.createTempDirectory("link-seeds"));
        List<String> cflags = List.of("-O2", "-fno-pic", "-ffreestanding", "-fno-stack-protector",
                "-fno-asynchronous-unwind-tables", "-fno-builtin");

        Path e2 = drift.resolve("engine-2.0/engine.steg");
        bindgen(w.dir.resolve("e2/engine.h"), e2);
        w.exec(cc(cflags, "-I", w.dir.resolve("e2").toString(), "-I", drift.toString(),
                drift.resolve("engine-2.0/engine.c").toString(), "-o", w.dir.resolve("engine-2.0.o").toString()));
        Path engine = w.pack("engine-2.0.rcrate", e2, List.of(), w.dir.resolve("engine-2.0.o"));
        Files.copy(engine, res.resolve(LinkFuzzTarget.ENGINE), StandardCopyOption.REPLACE_EXISTING);

        Path e1 = drift.resolve("engine-1.0/engine.steg");
        Path plugin = drift.resolve("plugin/plugin.steg");
        bindgen(w.dir.resolve("p/engine.h"), e1);
        bindgen(w.dir.resolve("p/plugin.h"), plugin, e1);
        for (String kind : List.of("nopic", "pie")) {
            List<String> flags = kind.equals("nopic") ? cflags
                    : List.of("-O2", "-fpie", "-ffreestanding", "-fno-stack-protector", "-fno-asynchronous-unwind-tables",
                    "-fno-builtin");
            Path o = w.dir.resolve("plugin-" + kind + ".o");
            w.exec(cc(flags, "-I", w.dir.resolve("p").toString(), drift.resolve("plugin/plugin.c").toString(),
                    "-o", o.toString()));
            Path r = w.pack("plugin-" + kind + ".rcrate", plugin, List.of(e1), o);
            Files.copy(r, seeds.resolve("plugin-" + kind + "-rcrate"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static List<String> cc(List<String> flags, String... rest) {
        List<String> cmd = new ArrayList<>(List.of("gcc", "-c"));
        cmd.addAll(flags);
        cmd.addAll(List.of(rest));
        return cmd;
    }

    /**
     * Writes {@code out}, the C bindings of the crate of {@code steg} for x86-64 with {@code imports} (as
     * {@code race bindgen --lang c --target x86_64 [--import IMPORT]... -o OUT STEG} does).
     */
    private static void bindgen(Path out, Path steg, Path... imports) throws Exception {
        List<Source> sources = new ArrayList<>(List.of(new Source(steg.toString(), Files.readString(steg))));
        for (Path i : imports) sources.add(new Source(i.toString(), Files.readString(i)));
        CompileResult c = StegCompiler.compile(sources);
        if (c.hasErrors()) throw new IllegalStateException("bindgen " + steg + ": " + c.diagnostics());
        Files.createDirectories(out.getParent());
        Files.writeString(out, Bindgen.generate(new BindgenRequest(Lang.C, c.crates().get(0),
                c.crates().subList(1, c.crates().size()), TargetSpec.named("x86_64"))));
    }

    static Path repo() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("examples/drift"))) return p;
        }
        throw new IllegalStateException("examples/drift not found above " + Path.of("").toAbsolutePath());
    }
}
