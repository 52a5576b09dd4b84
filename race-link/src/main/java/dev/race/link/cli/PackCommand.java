package dev.race.link.cli;

import dev.race.format.elf.ArArchive;
import dev.race.format.elf.ArMember;
import dev.race.format.elf.Elf;
import dev.race.format.elf.ElfFormatException;
import dev.race.format.elf.ElfObject;
import dev.race.format.io.AtomicFiles;
import dev.race.format.pack.CratePacker;
import dev.race.format.pack.PackError;
import dev.race.format.pack.PackResult;
import dev.race.format.rcrate.RcrateFile;
import dev.race.format.rcrate.RcrateTarget;
import dev.race.format.rcrate.RcrateWriter;
import dev.race.link.io.SourceFiles;
import dev.race.steg.lang.CompileResult;
import dev.race.steg.lang.Diagnostic;
import dev.race.steg.lang.Severity;
import dev.race.steg.lang.Source;
import dev.race.steg.lang.StegCompiler;
import dev.race.steg.model.Crate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        RcrateTarget wanted = null;
        if (target != null) {
            wanted = RcrateTarget.byName(target);
            if (wanted == null) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "unknown target '" + target + "' for option '--target' (known: aarch64, x86_64)");
            }
        }

        List<Source> sources = new ArrayList<>();
        boolean failed = false;
        List<Path> stegFiles = new ArrayList<>();
        stegFiles.add(steg);
        stegFiles.addAll(imports);
        List<Path> everyInput = new ArrayList<>(stegFiles);
        everyInput.addAll(inputs);
        if (!FileChecks.check(everyInput, List.of(output), err)) {
            return RaceCli.EXIT_REJECTED;
        }
        for (Path f : stegFiles) {
            try {
                sources.add(SourceFiles.read(f));
            } catch (SourceFiles.InputException e) {
                err.error(e.getMessage());
                failed = true;
            }
        }
        List<ElfObject> objects = new ArrayList<>();
        for (Path f : inputs) {
            failed |= !readObjects(f, objects, err);
        }
        if (failed) {
            return RaceCli.EXIT_REJECTED;
        }
        if (wanted == null && objects.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "missing option '--target' (there is no object to infer it from)");
        }

        CompileResult compiled = StegCompiler.compile(sources);
        for (Diagnostic d : compiled.diagnostics()) {
            err.print(d.render(), d.severity() == Severity.ERROR);
        }
        if (compiled.hasErrors()) {
            err.summary("nothing written");
            return RaceCli.EXIT_REJECTED;
        }
        Crate crate = compiled.crates().get(0);
        List<Crate> views = compiled.crates().subList(1, compiled.crates().size());

        if (wanted == null) {
            Map<Integer, String> machines = new LinkedHashMap<>();
            for (ElfObject o : objects) {
                machines.putIfAbsent(o.machine(), o.fileName());
            }
            if (machines.size() > 1) {
                List<String> seen = new ArrayList<>();
                machines.forEach((m, o) -> seen.add(o + ": " + Elf.machineName(m)));
                err.error("the objects are for different machines (" + String.join(", ", seen)
                        + "); pass --target");
                return RaceCli.EXIT_REJECTED;
            }
            int m = machines.keySet().iterator().next();
            wanted = RcrateTarget.byElfMachine(m);
            if (wanted == null) {
                err.error(machines.get(m) + ": " + Elf.machineName(m)
                        + " is not a supported target (supported: x86_64, aarch64)");
                return RaceCli.EXIT_REJECTED;
            }
        }

        PackResult result = CratePacker.pack(crate, views, wanted, objects);
        if (!result.ok()) {
            for (PackError e : result.errors()) {
                err.error(e.message());
                String hint = Hints.forPicRefusal(e.message());
                if (hint != null) {
                    err.hint(hint);
                }
            }
            err.summary("nothing written");
            return RaceCli.EXIT_REJECTED;
        }
        RcrateFile file = result.file();
        try {
            AtomicFiles.createParents(output);
            RcrateWriter.writeAtomically(output, file);
        } catch (IOException e) {
            err.error("cannot write " + output + ": " + e.getMessage());
            return RaceCli.EXIT_REJECTED;
        }
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
        out.println("packed " + crate.name() + "@" + crate.version() + " for " + wanted.cliName() + " into " + output
                + ": " + file.objects().size() + " object(s), " + file.sections().size() + " sections, "
                + file.symbols().count() + " symbols, " + file.relocations().count() + " relocations (" + semantic
                + " semantic, " + file.queries().size() + " distinct queries); imports: "
                + (kept.isEmpty() ? "none" : String.join(", ", kept)));
        out.flush();
        return RaceCli.EXIT_OK;
    }

    /** Reads one input (an object or an archive of objects); false after printing the error. */
    private static boolean readObjects(Path f, List<ElfObject> objects, Reporter err) {
        String name = f.getFileName() == null ? f.toString() : f.getFileName().toString();
        String notRegular = AtomicFiles.notRegular(f);
        if (notRegular != null) {
            err.error(notRegular);
            return false;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(f);
        } catch (NoSuchFileException e) {
            err.error(f + ": no such file");
            return false;
        } catch (IOException e) {
            err.error(f + ": cannot read: " + e.getMessage());
            return false;
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        try {
            if (ArArchive.isArchive(buf)) {
                ArArchive a = ArArchive.read(name, buf);
                for (ArMember m : a.members()) {
                    objects.add(ElfObject.read(m.qualifiedName(name), m.bytes()));
                }
            } else {
                objects.add(ElfObject.read(name, buf));
            }
            return true;
        } catch (ElfFormatException e) {
            err.error(e.getMessage());
            return false;
        }
    }
}
