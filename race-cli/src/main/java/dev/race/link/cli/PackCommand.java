package dev.race.link.cli;

import dev.race.format.rcrate.RcrateFile;
import dev.race.format.rcrate.RcrateTarget;
import dev.race.link.RacePacker;
import dev.race.link.api.Diagnostic;
import dev.race.link.api.DiagnosticCode;
import dev.race.steg.model.Crate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code race pack}: a crate's .steg, its dependencies' .steg and its objects become one .rcrate. */
@Command(name = "pack",
        mixinStandardHelpOptions = true,
        versionProvider = RaceCli.Version.class,
        sortOptions = false,
        header = "Pack a crate's STEG, import views and object files into an .rcrate.",
        description = {
                "Compiles the crate's .steg together with the .steg of each dependency it was built against "
                        + "(--import), reads the object files (archives are expanded to their members), and "
                        + "writes one .rcrate: the target, the crate's STEG, the import views trimmed to what the "
                        + "crate uses, and the code with its __race_* marker relocations turned into layout queries.",
                "",
                "Refused, with every error reported: an object for another machine, a marker that does not "
                        + "decode or names a type, field, variant or method the crate and its imports do not "
                        + "declare (with every code location using it), a function the STEG declares that no "
                        + "object defines, a function, trait method or fn pointer type (of the crate, or of an import "
                        + "view it uses) that takes or returns a resilient type (a struct or enum not #[frozen]) by "
                        + "value: take &T or freeze the type. On any error no file is written and an older output is kept.",
                ""},
        footer = {"",
                "Examples:",
                "  gcc -O2 -c plugin.c -o plugin.o",
                "  race pack --steg plugin.steg --import engine.steg -o plugin.rcrate plugin.o",
                "  race pack --steg engine.steg --target aarch64 -o engine.rcrate libengine.a",
                "  race pack --steg types.steg --target x86_64 -o types.rcrate      (a crate with no code)",
                "",
                "Exit status: 0 success, 1 an input was rejected (errors on stderr), 2 usage error."})
final class PackCommand implements Callable<Integer> {

    @Option(names = "--steg", required = true, paramLabel = "CRATE.steg",
            description = "The crate's own declarations.")
    Path steg;

    @Option(names = "--import", paramLabel = "DEP.steg",
            description = "The declarations of a dependency as the crate was compiled against it; may be repeated.")
    List<Path> imports = new ArrayList<>();

    @Option(names = "--target", paramLabel = "TARGET",
            description = "The machine of the code: x86_64 or aarch64. Required when there are no objects; "
                    + "otherwise inferred when all objects agree.")
    String target;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.rcrate",
            description = "The .rcrate to write (atomically).")
    Path output;

    @Parameters(arity = "0..*", paramLabel = "INPUT.o|INPUT.a",
            description = "Relocatable ELF objects and static archives holding the crate's code.")
    List<Path> inputs = new ArrayList<>();

    @CommandLine.Mixin
    DiagnosticOptions diagnostics;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Reporter err = diagnostics.reporter();
        if (target != null && RcrateTarget.byName(target) == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "unknown target '" + target + "' for option '--target' (known: aarch64, x86_64)");
        }
        RacePacker.Result result = RacePacker.builder().steg(steg).imports(imports).objects(inputs).target(target)
                .output(output).build().pack();
        if (result.has(DiagnosticCode.NO_TARGET)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "missing option '--target' (there is no object to infer it from)");
        }
        for (Diagnostic d : result.diagnostics()) {
            err.print(d.render(), d.severity() == dev.race.link.api.Severity.ERROR);
            String hint = d.code() == DiagnosticCode.PACK ? Hints.forPicRefusal(d.message()) : null;
            if (hint != null) {
                err.hint(hint);
            }
        }
        if (!result.ok()) {
            // a summary after the errors of the .steg front end and of the packer, as before
            DiagnosticCode last = result.errors().get(result.errors().size() - 1).code();
            if (last == DiagnosticCode.STEG || last == DiagnosticCode.PACK) {
                err.summary("nothing written");
            }
            return RaceCli.EXIT_REJECTED;
        }
        RcrateFile file = result.file();
        Crate crate = result.crate();
        List<Crate> views = result.imports();
        long semantic = 0;
        for (int i = 0; i < file.relocations().count(); i++) {
            semantic += file.relocations().isSemantic(i) ? 1 : 0;
        }
        List<String> kept = new ArrayList<>();
        for (Crate v : file.imports()) {
            int all = views.stream().filter(c -> c.name().equals(v.name())).findFirst().orElseThrow().items().size();
            kept.add(v.name() + "@" + v.version() + " (" + v.items().size() + " of " + all + " items)");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("packed " + crate.name() + "@" + crate.version() + " for " + result.target().cliName() + " into "
                + output + ": " + file.objects().size() + " object(s), " + file.sections().size() + " sections, "
                + file.symbols().count() + " symbols, " + file.relocations().count() + " relocations (" + semantic
                + " semantic, " + file.queries().size() + " distinct queries); imports: "
                + (kept.isEmpty() ? "none" : String.join(", ", kept)));
        out.flush();
        return RaceCli.EXIT_OK;
    }
}
