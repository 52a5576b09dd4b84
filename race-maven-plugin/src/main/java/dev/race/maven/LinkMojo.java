package dev.race.maven;

import dev.race.format.rcrate.RcrateTarget;
import dev.race.link.LinkResult;
import dev.race.link.RaceLinker;
import dev.race.link.api.Diagnostic;
import dev.race.link.api.DiagnosticCode;
import dev.race.link.api.OutputKind;
import dev.race.link.api.SemverMode;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code race:link}: links the project's own .rcrate (when it packs one) with every {@code rcrate} dependency,
 * transitively, into a static executable or one relocatable object. A contract break is a build failure that names
 * the dependencies involved and carries the linker's message.
 */
@Mojo(name = "link", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true,
        requiresDependencyResolution = ResolutionScope.COMPILE_PLUS_RUNTIME)
public class LinkMojo extends RaceSupport {
    /** Skips the goal. */
    @Parameter(property = "race.link.skip", defaultValue = "false")
    private boolean skip;

    /** {@code executable} (a static ELF executable) or {@code relocatable} (one ELF object for another linker). */
    @Parameter(property = "race.emit", defaultValue = "executable")
    private String emit;

    /** The entry symbol of an executable. */
    @Parameter(property = "race.entry", defaultValue = "_start")
    private String entry;

    /** Effects no function the program reaches may have (e.g. {@code alloc}, {@code panic}). */
    @Parameter
    private List<String> forbid;

    /** {@code structural} (a major-version mismatch that is structurally compatible is a warning) or {@code strict}. */
    @Parameter(property = "race.semver", defaultValue = "structural")
    private String semver;

    /** The file to write; by default {@code target/<finalName>} (an executable) or {@code target/<finalName>.o}. */
    @Parameter(property = "race.output")
    private File output;

    /** Where to write the link map, if anywhere. */
    @Parameter(property = "race.map")
    private File map;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("race:link skipped (<skip>)");
            return;
        }
        RcrateTarget t = target();
        OutputKind kind = switch (emit == null ? "" : emit.toLowerCase(Locale.ROOT)) {
            case "executable", "exe" -> OutputKind.EXECUTABLE;
            case "relocatable", "object", "obj" -> OutputKind.RELOCATABLE;
            default -> throw new MojoExecutionException("<emit>" + emit + "</emit> is not an output kind; use "
                    + "executable or relocatable");
        };
        SemverMode mode = switch (semver == null ? "" : semver.toLowerCase(Locale.ROOT)) {
            case "structural" -> SemverMode.STRUCTURAL;
            case "strict" -> SemverMode.STRICT;
            default -> throw new MojoExecutionException("<semver>" + semver + "</semver> is not a mode; use "
                    + "structural or strict");
        };
        List<Dep> deps = rcrateDependencies(t);
        List<File> inputs = new ArrayList<>();
        deps.forEach(d -> inputs.add(d.file()));
        File own = packedFile(t);
        if (stegFile() != null) {
            if (!own.isFile()) {
                throw new MojoFailureException("race:link needs " + own + ", which race:pack writes: run the "
                        + "package phase (or race:pack) before race:link");
            }
            inputs.add(own);
        }
        if (inputs.isEmpty()) {
            throw new MojoFailureException("race:link of " + project.getArtifactId() + " has nothing to link: add "
                    + "<dependency>s of <type>rcrate</type>, or a .steg in " + stegDirectory);
        }
        File out = output != null ? output : new File(buildDir(), project.getBuild().getFinalName()
                + (kind == OutputKind.RELOCATABLE ? ".o" : ""));
        if (upToDate(List.of(out), inputs)) {
            getLog().info("race:link: " + out.getName() + " is up to date");
            return;
        }
        RaceLinker.Builder b = RaceLinker.builder().output(out.toPath()).target(t.cliName()).outputKind(kind)
                .entry(entry).semver(mode).forbid(forbid == null ? Set.of() : Set.copyOf(forbid));
        inputs.forEach(f -> b.input(f.toPath()));
        if (map != null) {
            b.mapFile(map.toPath());
        }
        LinkResult r = b.build().link();
        logWarnings(r.diagnostics());
        if (!r.ok()) {
            throw new MojoFailureException(headline(r.errors(), deps) + render(r.errors()));
        }
        getLog().info("race:link: " + out + " (" + kind.name().toLowerCase(Locale.ROOT) + " for " + t.cliName()
                + ", " + inputs.size() + " crates: "
                + String.join(", ", deps.stream().map(Dep::describe).toList()) + ")");
    }

    /** {@code engine} of {@code engine@3.0.0}. */
    private static String crateName(String crateId) {
        int at = crateId.indexOf('@');
        return at < 0 ? crateId : crateId.substring(0, at);
    }

    /** Which parameter or dependency to fix, by the kind of the errors and the crates they name. */
    private String headline(List<Diagnostic> errors, List<Dep> deps) {
        Diagnostic first = errors.get(0);
        return switch (first.code()) {
            case CONTRACT, MISSING_CRATE -> {
                Set<String> named = new LinkedHashSet<>();
                for (Diagnostic d : errors) {
                    Diagnostic.Contract c = d.contract();
                    for (Dep dep : deps) {
                        boolean names;
                        if (c != null) {
                            // the checker's facts: the importer, the exporter, and for a missing crate the crate
                            names = dep.crate().equals(crateName(c.crate()))
                                    || (c.exporter() != null && dep.crate().equals(crateName(c.exporter())))
                                    || (d.code() == DiagnosticCode.MISSING_CRATE && dep.crate().equals(c.item()));
                        } else {
                            String text = d.message() + " " + String.join(" ", d.details());
                            names = Pattern.compile("\\b" + Pattern.quote(dep.crate()) + "\\b").matcher(text).find();
                        }
                        if (names) {
                            named.add(dep.describe());
                        }
                    }
                }
                yield "RACE refused to link " + project.getArtifactId() + ": the dependencies "
                        + (named.isEmpty() ? "" : String.join(", ", named) + " ")
                        + "do not fit together; change the <version> of the <dependency> whose contract changed, "
                        + "or rebuild the one built against the old contract:";
            }
            case EFFECT -> "RACE refused to link " + project.getArtifactId() + ": the program breaks <forbid>"
                    + String.join(",", forbid == null ? List.of() : forbid) + "</forbid>:";
            case TARGET -> "RACE refused to link " + project.getArtifactId() + ": the inputs are not all for <target>"
                    + target + "</target>:";
            case CANCELLED -> "The link of " + project.getArtifactId() + " was cancelled (the build thread was "
                    + "interrupted); nothing was written:";
            default -> "RACE refused to link " + project.getArtifactId() + " (check <entry>" + entry + "</entry>, "
                    + "<emit> and the <dependency>s):";
        };
    }
}
