package dev.race.maven;

import dev.race.bindgen.Bindgen;
import dev.race.bindgen.BindgenException;
import dev.race.bindgen.BindgenRequest;
import dev.race.bindgen.Lang;
import dev.race.format.io.AtomicFiles;
import dev.race.format.rcrate.RcrateFile;
import dev.race.format.rcrate.RcrateReader;
import dev.race.format.rcrate.RcrateTarget;
import dev.race.layout.TargetSpec;
import dev.race.link.api.Diagnostic;
import dev.race.link.io.SourceFiles;
import dev.race.steg.lang.CompileResult;
import dev.race.steg.lang.Source;
import dev.race.steg.lang.StegCompiler;
import dev.race.steg.lang.StegPrinter;
import dev.race.steg.model.Crate;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code race:bindings}: the C header and the Rust module of the project's own crate and of every {@code rcrate}
 * dependency (its STEG read out of the dependency's .rcrate), as {@code <crate>.h} and {@code <crate>.rs} in
 * {@code target/generated-sources/race}; the {@code compile} goal puts that directory on the include path.
 */
@Mojo(name = "bindings", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true,
        requiresDependencyResolution = ResolutionScope.COMPILE_PLUS_RUNTIME)
public class BindingsMojo extends RaceSupport {
    /** Skips the goal. */
    @Parameter(property = "race.bindings.skip", defaultValue = "false")
    private boolean skip;

    /** Where the bindings are written. */
    @Parameter(property = "race.bindings.outputDirectory",
            defaultValue = "${project.build.directory}/generated-sources/race")
    private File outputDirectory;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("race:bindings skipped (<skip>)");
            return;
        }
        RcrateTarget t = target();
        List<Dep> deps = rcrateDependencies(t);
        File own = stegFile();
        List<File> inputs = new ArrayList<>();
        deps.forEach(d -> inputs.add(d.file()));
        if (own != null) {
            inputs.add(own);
        }
        File stamp = new File(buildDir(), "race/bindings-" + t.cliName() + ".stamp");
        List<File> outputs = new ArrayList<>();
        outputs.add(stamp);
        outputs.addAll(listedIn(stamp));
        if (upToDate(outputs, inputs)) {
            getLog().info("race:bindings: up to date");
            return;
        }

        // the dependencies' crates, by name (Maven has mediated one version of each), with what each was built on
        Map<String, Crate> crates = new LinkedHashMap<>();
        Map<String, List<String>> builtOn = new LinkedHashMap<>();
        for (Dep d : deps) {
            RcrateFile f;
            try {
                f = RcrateReader.open(d.file().toPath()).file();
            } catch (IOException | RuntimeException e) {
                throw new MojoFailureException("dependency " + d.coordinates() + ": cannot read " + d.file() + ": "
                        + e.getMessage());
            }
            crates.put(f.crate().name(), f.crate());
            builtOn.put(f.crate().name(), f.imports().stream().map(Crate::name).toList());
        }
        Crate ownCrate = null;
        if (own != null) {
            List<Source> sources = new ArrayList<>();
            try {
                sources.add(SourceFiles.read(own.toPath()));
            } catch (SourceFiles.InputException e) {
                throw new MojoFailureException(e.getMessage());
            }
            for (Dep d : deps) {
                sources.add(new Source(d.file().toString(), StegPrinter.print(crates.get(d.crate()))));
            }
            CompileResult r = StegCompiler.compile(sources);
            List<Diagnostic> diags = r.diagnostics().stream().map(Diagnostic::of).toList();
            logWarnings(diags);
            if (r.hasErrors()) {
                throw new MojoFailureException(own + " does not compile (fix the .steg, or the <dependency> it "
                        + "imports from):" + render(diags.stream().filter(Diagnostic::isError).toList()));
            }
            ownCrate = r.crates().get(0);
        }

        TargetSpec spec = TargetSpec.named(t.cliName());
        List<File> written = new ArrayList<>();
        try {
            for (Map.Entry<String, Crate> e : crates.entrySet()) {
                List<Crate> imports = new ArrayList<>();
                for (String n : builtOn.get(e.getKey())) {
                    if (crates.containsKey(n)) {
                        imports.add(crates.get(n));
                    }
                }
                written.addAll(generate(e.getValue(), imports, spec));
            }
            if (ownCrate != null) {
                written.addAll(generate(ownCrate, new ArrayList<>(crates.values()), spec));
            }
            StringBuilder list = new StringBuilder();
            written.forEach(f -> list.append(f.getAbsolutePath()).append('\n'));
            AtomicFiles.createParents(stamp.toPath());
            AtomicFiles.write(stamp.toPath(), list.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new MojoExecutionException("cannot write the bindings in " + outputDirectory + ": "
                    + e.getMessage());
        }
        getLog().info("race:bindings: " + written.size() + " files in " + outputDirectory);
    }

    private List<File> generate(Crate crate, List<Crate> imports, TargetSpec spec)
            throws IOException, MojoFailureException {
        List<File> out = new ArrayList<>();
        for (Lang lang : Lang.values()) {
            String text;
            try {
                text = Bindgen.generate(new BindgenRequest(lang, crate, imports, spec));
            } catch (BindgenException e) {
                throw new MojoFailureException("cannot generate the " + lang + " bindings of crate " + crate.name()
                        + ": " + e.getMessage());
            }
            File f = new File(outputDirectory, Bindgen.fileName(lang, crate.name()));
            AtomicFiles.createParents(f.toPath());
            AtomicFiles.write(f.toPath(), text.getBytes(StandardCharsets.UTF_8));
            out.add(f);
        }
        return out;
    }

    private static List<File> listedIn(File stamp) {
        List<File> files = new ArrayList<>();
        if (stamp.isFile()) {
            try {
                for (String line : Files.readAllLines(stamp.toPath(), StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        files.add(new File(line));
                    }
                }
            } catch (IOException e) {
                files.add(new File(stamp.getPath() + ".unreadable"));
            }
        }
        return files;
    }
}
