package dev.race.maven;

import dev.race.format.rcrate.RcrateTarget;
import dev.race.link.RacePacker;
import dev.race.link.api.DiagnosticCode;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProjectHelper;

import javax.inject.Inject;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code race:pack}: the project's .rcrate from its .steg, the objects of {@code target/race/obj} and, as import
 * views, the STEG of its {@code rcrate} dependencies. The file is the project's main artifact and is attached
 * again with the target as classifier ({@code x86_64}, {@code aarch64}): that is the artifact dependents resolve.
 */
@Mojo(name = "pack", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true,
        requiresDependencyResolution = ResolutionScope.COMPILE_PLUS_RUNTIME)
public class PackMojo extends RaceSupport {
    /** Skips the goal. */
    @Parameter(property = "race.pack.skip", defaultValue = "false")
    private boolean skip;

    @Inject
    private MavenProjectHelper projectHelper;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("race:pack skipped (<skip>)");
            return;
        }
        RcrateTarget t = target();
        File own = stegFile();
        if (own == null) {
            getLog().info("race:pack: no .steg in " + stegDirectory + "; nothing to pack");
            return;
        }
        List<Dep> deps = rcrateDependencies(t);
        List<File> objects = objects();
        File out = packedFile(t);
        List<File> inputs = new ArrayList<>(objects);
        inputs.add(own);
        deps.forEach(d -> inputs.add(d.file()));
        if (upToDate(List.of(out), inputs)) {
            getLog().info("race:pack: " + out.getName() + " is up to date");
        } else {
            RacePacker.Builder b = RacePacker.builder().steg(own.toPath()).target(t.cliName()).output(out.toPath());
            deps.forEach(d -> b.importRcrate(d.file().toPath()));
            objects.forEach(o -> b.object(o.toPath()));
            RacePacker.Result r = b.build().pack();
            logWarnings(r.diagnostics());
            if (!r.ok()) {
                throw new MojoFailureException(headline(r, own, deps) + render(r.errors()));
            }
            getLog().info("race:pack: " + r.crate().name() + " " + r.crate().version() + " for " + t.cliName()
                    + " into " + out + " (" + objects.size() + " object(s), imports: "
                    + (deps.isEmpty() ? "none" : String.join(", ", deps.stream().map(Dep::describe).toList()))
                    + ")");
        }
        project.getArtifact().setFile(out);
        projectHelper.attachArtifact(project, TYPE, t.cliName(), out);
    }

    /** What to fix, by the kind of the first error. */
    private String headline(RacePacker.Result r, File own, List<Dep> deps) {
        DiagnosticCode code = r.errors().get(0).code();
        return switch (code) {
            case STEG -> own + " does not compile (fix the .steg, or the <dependency> whose STEG it uses):";
            case PACK -> "the objects in " + objectDir() + " do not match " + own
                    + " (fix the C/Rust sources or the .steg):";
            case OBJECT -> "an object in " + objectDir() + " is not a valid ELF object (check <cc> and <cflags>):";
            case TARGET -> "the objects are not for <target>" + t() + "</target> (check <cc>):";
            case RCRATE -> "a dependency's .rcrate does not decode (rebuild it): "
                    + String.join(", ", deps.stream().map(Dep::coordinates).toList());
            default -> "race:pack of " + project.getArtifactId() + " failed:";
        };
    }

    private String t() {
        return target;
    }

    private List<File> objects() throws MojoExecutionException {
        File dir = objectDir();
        if (!dir.isDirectory()) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir.toPath())) {
            return s.filter(p -> p.toString().endsWith(".o")).sorted().map(Path::toFile).toList();
        } catch (IOException e) {
            throw new MojoExecutionException("cannot list " + dir + ": " + e.getMessage());
        }
    }
}
