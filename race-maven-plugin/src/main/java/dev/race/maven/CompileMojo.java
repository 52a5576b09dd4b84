package dev.race.maven;

import dev.race.format.io.AtomicFiles;
import dev.race.format.rcrate.RcrateTarget;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code race:compile}: the C sources of {@code src/main/c} (and, when there is one, the Rust crate root
 * {@code src/main/rust/lib.rs}) compiled into relocatable objects in {@code target/race/obj}, with the generated
 * bindings on the include path. An object newer than its source, every header and the pom, and compiled for the same
 * target with the same compiler and flags, is not compiled again.
 */
@Mojo(name = "compile", defaultPhase = LifecyclePhase.COMPILE, threadSafe = true)
public class CompileMojo extends RaceSupport {
    /** The flags used when {@code <cflags>} is not given, for both targets (docs/maven.md). */
    static final List<String> DEFAULT_CFLAGS = List.of("-O2", "-fno-pic", "-ffreestanding", "-fno-stack-protector",
            "-fno-asynchronous-unwind-tables", "-fno-builtin");

    /** Skips the goal. */
    @Parameter(property = "race.compile.skip", defaultValue = "false")
    private boolean skip;

    /** The C compiler; by default {@code gcc} for x86_64 and {@code aarch64-linux-gnu-gcc} for aarch64. */
    @Parameter(property = "race.cc")
    private String cc;

    /** The C compiler's flags (each one element); by default those of {@link #DEFAULT_CFLAGS}. */
    @Parameter
    private List<String> cflags;

    /** Further include directories (the generated bindings and the source directory are always on the path). */
    @Parameter
    private List<File> includes;

    /** Where the C sources are ({@code *.c}, searched recursively). */
    @Parameter(property = "race.cSourceDirectory", defaultValue = "${project.basedir}/src/main/c")
    private File cSourceDirectory;

    /** Where the Rust crate root {@code lib.rs} is; compiled with {@code <rustc>} when it exists. */
    @Parameter(property = "race.rustSourceDirectory", defaultValue = "${project.basedir}/src/main/rust")
    private File rustSourceDirectory;

    /** The Rust compiler. */
    @Parameter(property = "race.rustc", defaultValue = "rustc")
    private String rustc;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("race:compile skipped (<skip>)");
            return;
        }
        RcrateTarget t = target();
        String compiler = cc != null && !cc.isBlank() ? cc : t == RcrateTarget.AARCH64 ? "aarch64-linux-gnu-gcc" : "gcc";
        List<String> flags = cflags != null ? cflags : DEFAULT_CFLAGS;
        File objDir = objectDir();
        List<File> sources = list(cSourceDirectory, ".c");
        List<File> headers = new ArrayList<>(list(cSourceDirectory, ".h"));
        headers.addAll(list(generatedDir(), ".h"));
        Set<File> keep = new HashSet<>();
        int compiled = 0;
        // objects of another target, compiler or flags are all compiled again
        File settings = new File(objDir, "settings.txt");
        String wanted = "target " + t.cliName() + "\ncc " + compiler + "\ncflags " + String.join(" ", flags)
                + "\nrustc " + rustc + "\n";
        boolean same;
        try {
            same = settings.isFile() && Files.readString(settings.toPath(), StandardCharsets.UTF_8).equals(wanted);
        } catch (IOException e) {
            same = false;
        }
        if (!same) {
            for (File o : list(objDir, ".o")) {
                if (!o.delete()) {
                    throw new MojoExecutionException("cannot delete " + o);
                }
            }
            try {
                AtomicFiles.createParents(settings.toPath());
                AtomicFiles.write(settings.toPath(), wanted.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new MojoExecutionException("cannot write " + settings + ": " + e.getMessage());
            }
        }
        for (File src : sources) {
            String rel = cSourceDirectory.toPath().relativize(src.toPath()).toString();
            File obj = new File(objDir, rel.substring(0, rel.length() - 2).replace(File.separatorChar, '_') + ".o");
            keep.add(obj);
            List<File> inputs = new ArrayList<>(headers);
            inputs.add(src);
            if (upToDate(List.of(obj), inputs)) {
                continue;
            }
            List<String> cmd = new ArrayList<>();
            cmd.add(compiler);
            cmd.addAll(flags);
            cmd.add("-I");
            cmd.add(generatedDir().getPath());
            cmd.add("-I");
            cmd.add(cSourceDirectory.getPath());
            if (includes != null) {
                for (File i : includes) {
                    cmd.add("-I");
                    cmd.add(i.getPath());
                }
            }
            cmd.add("-c");
            cmd.add(src.getPath());
            cmd.add("-o");
            run(cmd, obj, "<cc>" + compiler + "</cc>", src);
            compiled++;
        }
        File lib = new File(rustSourceDirectory, "lib.rs");
        if (lib.isFile()) {
            File obj = new File(objDir, "rust.o");
            keep.add(obj);
            List<File> inputs = new ArrayList<>(list(rustSourceDirectory, ".rs"));
            inputs.addAll(list(generatedDir(), ".rs"));
            if (!upToDate(List.of(obj), inputs)) {
                List<String> cmd = new ArrayList<>(List.of(rustc, "--edition", "2021", "--crate-type", "lib",
                        "--emit", "obj", "-O", "-C", "panic=abort", "-C", "relocation-model=static"));
                if (t == RcrateTarget.AARCH64) {
                    cmd.addAll(List.of("--target", "aarch64-unknown-linux-gnu"));
                }
                // lib.rs declares `mod engine;` for the generated engine.rs: both go into one directory
                cmd.add(stageRust(lib).getPath());
                cmd.add("-o");
                run(cmd, obj, "<rustc>" + rustc + "</rustc>", lib);
                compiled++;
            }
        }
        // an object whose source is gone would otherwise be packed
        for (File o : list(objDir, ".o")) {
            if (!keep.contains(o) && !o.delete()) {
                throw new MojoExecutionException("cannot delete the stale object " + o);
            }
        }
        getLog().info("race:compile: " + compiled + " of " + keep.size() + " objects compiled for " + t.cliName()
                + (compiled < keep.size() ? " (the others are up to date)" : ""));
    }

    /** Runs a compiler that writes {@code obj}: to a temporary file first, moved into place when it succeeds. */
    private void run(List<String> cmd, File obj, String parameter, File src)
            throws MojoExecutionException, MojoFailureException {
        File tmp = new File(obj.getPath() + ".tmp");
        cmd.add(tmp.getPath());
        try {
            Files.createDirectories(obj.toPath().getParent());
        } catch (IOException e) {
            throw new MojoExecutionException("cannot create " + obj.getParent() + ": " + e.getMessage());
        }
        getLog().debug(String.join(" ", cmd));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new MojoExecutionException("the compiler " + parameter + " cannot be run (" + e.getMessage()
                    + "): install it, or set " + parameter.substring(0, parameter.indexOf('>') + 1)
                    + " to one on the PATH");
        }
        String output;
        int status;
        try {
            output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new MojoExecutionException(parameter + " did not finish compiling " + src + " in 10 minutes");
            }
            status = p.exitValue();
        } catch (IOException e) {
            throw new MojoExecutionException("cannot read the output of " + parameter + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new MojoExecutionException("interrupted while compiling " + src);
        }
        if (!output.isBlank()) {
            getLog().warn(output.strip());
        }
        if (status != 0) {
            tmp.delete();
            throw new MojoFailureException(parameter + " failed on " + src + " (exit status " + status + "):"
                    + System.lineSeparator() + output.strip());
        }
        try {
            Files.move(tmp.toPath(), obj.toPath(), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new MojoExecutionException("cannot move " + tmp + " to " + obj + ": " + e.getMessage());
        }
    }

    /** Copies the Rust sources and the generated modules into {@code target/race/rust}; the crate root there. */
    private File stageRust(File lib) throws MojoExecutionException {
        Path stage = new File(buildDir(), "race/rust").toPath();
        try {
            Files.createDirectories(stage);
            for (File f : list(generatedDir(), ".rs")) {
                Files.copy(f.toPath(), stage.resolve(f.getName()), StandardCopyOption.REPLACE_EXISTING);
            }
            for (File f : list(rustSourceDirectory, ".rs")) {
                Path to = stage.resolve(rustSourceDirectory.toPath().relativize(f.toPath()));
                Files.createDirectories(to.getParent());
                Files.copy(f.toPath(), to, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new MojoExecutionException("cannot stage the Rust sources in " + stage + ": " + e.getMessage());
        }
        return stage.resolve(rustSourceDirectory.toPath().relativize(lib.toPath())).toFile();
    }

    private static List<File> list(File dir, String suffix) throws MojoExecutionException {
        if (!dir.isDirectory()) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir.toPath())) {
            return s.filter(p -> p.toString().endsWith(suffix) && Files.isRegularFile(p)).sorted()
                    .map(Path::toFile).toList();
        } catch (IOException e) {
            throw new MojoExecutionException("cannot list " + dir + ": " + e.getMessage());
        }
    }
}
