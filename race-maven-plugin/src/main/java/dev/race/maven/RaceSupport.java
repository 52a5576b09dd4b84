package dev.race.maven;

import dev.race.format.rcrate.RcrateFormatException;
import dev.race.format.rcrate.RcrateReader;
import dev.race.format.rcrate.RcrateTarget;
import dev.race.link.api.Diagnostic;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;

import javax.inject.Inject;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What every goal of the plugin shares: the target, the project's .steg, its {@code rcrate} dependencies (of the
 * target's classifier), up-to-date checks and the rendering of RACE diagnostics. Mojos hold no static state.
 */
abstract class RaceSupport extends AbstractMojo {
    /** The type and packaging of a RACE crate artifact; the file extension is the same. */
    static final String TYPE = "rcrate";

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    protected MavenSession session;

    @Inject
    protected RepositorySystem repositorySystem;

    /** The machine of the code: {@code x86_64} or {@code aarch64}; also the classifier of the artifacts. */
    @Parameter(property = "race.target", defaultValue = "x86_64")
    protected String target;

    /** Where the crate's one {@code .steg} file is. */
    @Parameter(property = "race.stegDirectory", defaultValue = "${project.basedir}/src/main/steg")
    protected File stegDirectory;

    /** The crate's STEG when it is not the one {@code .steg} file of {@code stegDirectory}. */
    @Parameter(property = "race.steg")
    protected File steg;

    /** A dependency on an .rcrate, resolved for the target: its file, its coordinates and its crate's name. */
    record Dep(String coordinates, File file, String crate, String version) {
        String describe() {
            return coordinates + " (crate " + crate + " " + version + ")";
        }
    }

    RcrateTarget target() throws MojoExecutionException {
        RcrateTarget t = target == null ? null : RcrateTarget.byName(target);
        if (t == null) {
            throw new MojoExecutionException("<target>" + target + "</target> is not a RACE target; use x86_64 or "
                    + "aarch64");
        }
        return t;
    }

    File buildDir() {
        return new File(project.getBuild().getDirectory());
    }

    File generatedDir() {
        return new File(buildDir(), "generated-sources/race");
    }

    File objectDir() {
        return new File(buildDir(), "race/obj");
    }

    /** The .rcrate the pack goal writes and the link goal reads: {@code target/<finalName>-<target>.rcrate}. */
    File packedFile(RcrateTarget t) {
        return new File(buildDir(), project.getBuild().getFinalName() + "-" + t.cliName() + "." + TYPE);
    }

    /** The crate's .steg, or null when the project has none (an application made of its dependencies only). */
    File stegFile() throws MojoFailureException {
        if (steg != null) {
            if (!steg.isFile()) {
                throw new MojoFailureException("<steg>" + steg + "</steg>: no such file");
            }
            return steg;
        }
        if (!stegDirectory.isDirectory()) {
            return null;
        }
        List<File> found = new ArrayList<>();
        try (Stream<Path> s = Files.list(stegDirectory.toPath())) {
            s.filter(p -> p.toString().endsWith(".steg") && Files.isRegularFile(p)).sorted()
                    .forEach(p -> found.add(p.toFile()));
        } catch (IOException e) {
            throw new MojoFailureException("cannot list " + stegDirectory + ": " + e.getMessage());
        }
        if (found.size() > 1) {
            throw new MojoFailureException(stegDirectory + " holds " + found.size() + " .steg files " + found
                    + "; a project is one crate: keep one, or name it with <steg>");
        }
        return found.isEmpty() ? null : found.get(0);
    }

    /**
     * The project's {@code rcrate} dependencies, transitively, in resolution order, each as the artifact of the
     * target's classifier. Maven resolves the graph (and mediates versions: the nearest wins); this picks, for each
     * resolved artifact, the file built for the target, and checks the file says so.
     */
    List<Dep> rcrateDependencies(RcrateTarget t) throws MojoFailureException {
        List<Dep> deps = new ArrayList<>();
        for (Artifact a : project.getArtifacts()) {
            if (!TYPE.equals(a.getType())) {
                continue;
            }
            String coords = a.getGroupId() + ":" + a.getArtifactId() + ":" + a.getVersion();
            File file;
            if (t.cliName().equals(a.getClassifier()) && a.getFile() != null) {
                file = a.getFile();
            } else {
                DefaultArtifact want = new DefaultArtifact(a.getGroupId(), a.getArtifactId(), t.cliName(), TYPE,
                        a.getVersion());
                try {
                    file = repositorySystem.resolveArtifact(session.getRepositorySession(),
                            new ArtifactRequest(want, project.getRemoteProjectRepositories(), null))
                            .getArtifact().getFile();
                } catch (ArtifactResolutionException e) {
                    throw new MojoFailureException("dependency " + coords + " has no .rcrate for target "
                            + t.cliName() + " (classifier " + t.cliName() + "): build and install it with <target>"
                            + t.cliName() + "</target>, or set this project's <target> to one it is built for");
                }
            }
            try {
                RcrateReader r = RcrateReader.open(file.toPath());
                if (r.target() != t) {
                    throw new MojoFailureException("dependency " + coords + ": " + file + " is built for "
                            + r.target().cliName() + ", not for <target>" + t.cliName() + "</target>");
                }
                deps.add(new Dep(coords, file, r.crateName(), r.crateVersion().toString()));
            } catch (IOException e) {
                throw new MojoFailureException("dependency " + coords + ": cannot read " + file + ": "
                        + e.getMessage());
            } catch (RcrateFormatException e) {
                throw new MojoFailureException("dependency " + coords + ": " + file + " is not a valid .rcrate: "
                        + e.getMessage());
            }
        }
        return deps;
    }

    /** True when every output exists and none is older than any input (or the pom). */
    boolean upToDate(List<File> outputs, List<File> inputs) {
        long oldestOut = Long.MAX_VALUE;
        for (File o : outputs) {
            if (!o.isFile()) {
                return false;
            }
            oldestOut = Math.min(oldestOut, o.lastModified());
        }
        long newestIn = project.getFile() == null ? 0 : project.getFile().lastModified();
        for (File i : inputs) {
            if (!i.exists()) {
                return false;
            }
            newestIn = Math.max(newestIn, i.lastModified());
        }
        return !outputs.isEmpty() && oldestOut >= newestIn;
    }

    /** Every diagnostic as RACE prints it, one after another. */
    static String render(List<Diagnostic> diagnostics) {
        StringBuilder sb = new StringBuilder();
        for (Diagnostic d : diagnostics) {
            sb.append(System.lineSeparator()).append(d.render());
        }
        return sb.toString();
    }

    void logWarnings(List<Diagnostic> diagnostics) {
        for (Diagnostic d : diagnostics) {
            if (!d.isError()) {
                getLog().warn(d.render());
            }
        }
    }
}
