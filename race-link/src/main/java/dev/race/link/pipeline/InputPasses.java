package dev.race.link.pipeline;

import dev.race.format.io.AtomicFiles;
import dev.race.codegen.Targets;
import dev.race.format.rcrate.RcrateFile;
import dev.race.format.rcrate.RcrateFormatException;
import dev.race.format.rcrate.RcrateReader;
import dev.race.format.rcrate.RcrateTarget;
import dev.race.layout.TargetSpec;
import dev.race.link.contract.ContractChecker;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The passes that read the inputs and check that they belong in one link. */
final class InputPasses {
    private InputPasses() {
    }

    /** Decodes every {@code .rcrate} (memory-mapped, one task per file); a file that cannot be read is an error. */
    static final class ReadInputs implements Pass {
        @Override
        public String name() {
            return "read-inputs";
        }

        @Override
        public void run(LinkContext cx) throws Exception {
            List<Path> paths = cx.options.inputs();
            if (paths.isEmpty()) {
                cx.error("no input files (give one or more .rcrate files)");
                return;
            }
            // before anything is read or written: no output may be an input or another output (by file identity)
            String clash = AtomicFiles.clash(paths, java.util.Arrays.asList(cx.options.output(), cx.options.map(),
                    cx.options.layoutReport()));
            if (clash != null) {
                cx.error(clash);
                return;
            }
            InputCrate[] read = new InputCrate[paths.size()];
            cx.parallelFor(paths.size(), i -> {
                Path p = paths.get(i);
                String name = p.toString();
                try {
                    String notRegular = AtomicFiles.notRegular(p); // a FIFO would block the open
                    if (notRegular != null) {
                        cx.error(notRegular);
                        return;
                    }
                    RcrateFile f = RcrateReader.open(p).file();
                    read[i] = new InputCrate(name, f);
                } catch (NoSuchFileException e) {
                    cx.error(name + ": no such file");
                } catch (AccessDeniedException e) {
                    cx.error(name + ": permission denied");
                } catch (RcrateFormatException e) {
                    cx.error(e.getMessage());
                } catch (IOException e) {
                    cx.error(name + ": cannot read: " + e.getMessage());
                }
            });
            if (!cx.hasErrors()) {
                cx.inputs = List.of(read);
            }
        }
    }

    /** All inputs must be for one machine, and for {@code --target} when it is given. */
    static final class CheckTarget implements Pass {
        @Override
        public String name() {
            return "check-target";
        }

        @Override
        public void run(LinkContext cx) {
            RcrateTarget wanted = null;
            if (cx.options.target() != null) {
                wanted = RcrateTarget.byName(cx.options.target());
                if (wanted == null) {
                    cx.error("unknown target '" + cx.options.target() + "' (known: x86_64, aarch64)");
                    return;
                }
            }
            RcrateTarget first = wanted;
            String firstName = wanted == null ? null : "--target";
            for (InputCrate in : cx.inputs) {
                RcrateTarget t = in.file().target();
                if (first == null) {
                    first = t;
                    firstName = in.name();
                } else if (t != first) {
                    cx.error(in.name() + ": crate " + in.crateId() + " is for " + t.cliName() + ", but "
                            + firstName + " is for " + first.cliName()
                            + " (all inputs of a link must be for one target)");
                }
            }
            if (cx.hasErrors()) {
                return;
            }
            RcrateTarget rt = first;
            cx.rcrateTarget = rt;
            cx.target = Targets.forMachine(rt.elfMachine()).orElse(null);
            if (cx.target == null) {
                cx.error("no code generator is available for target " + rt.cliName() + " in this build of race");
                return;
            }
            cx.spec = TargetSpec.named(rt.cliName());
        }
    }

    /** Each crate name may be exported by one input only. */
    static final class CheckCrates implements Pass {
        @Override
        public String name() {
            return "check-crates";
        }

        @Override
        public void run(LinkContext cx) {
            Map<String, InputCrate> byName = new HashMap<>();
            for (InputCrate in : cx.inputs) {
                InputCrate prev = byName.putIfAbsent(in.file().crate().name(), in);
                if (prev != null) {
                    cx.error("crate " + in.file().crate().name() + " is given twice: " + prev.crateId() + " ("
                            + prev.name() + ") and " + in.crateId() + " (" + in.name() + ")");
                }
            }
        }
    }

    /** Every import view against the crate that exports it (see {@link ContractChecker}). */
    static final class CheckContracts implements Pass {
        @Override
        public String name() {
            return "check-contracts";
        }

        @Override
        public void run(LinkContext cx) {
            // a long check (many crates, large views) stops inside when the link is cancelled
            new ArrayList<>(ContractChecker.check(cx.inputs, cx.options.semver(), cx.spec, cx::checkCancelled))
                    .forEach(cx::report);
        }
    }
}
