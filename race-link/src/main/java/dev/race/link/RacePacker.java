package dev.race.link;

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
import dev.race.format.rcrate.RcrateFormatException;
import dev.race.format.rcrate.RcrateReader;
import dev.race.format.rcrate.RcrateTarget;
import dev.race.format.rcrate.RcrateWriter;
import dev.race.link.api.Diagnostic;
import dev.race.link.api.DiagnosticCode;
import dev.race.link.io.SourceFiles;
import dev.race.steg.lang.CompileResult;
import dev.race.steg.lang.ParsedSource;
import dev.race.steg.lang.Source;
import dev.race.steg.lang.StegCompiler;
import dev.race.steg.lang.StegPrinter;
import dev.race.steg.model.Crate;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The embedding API of {@code race pack}: a crate's .steg, the STEG of the dependencies it was built against and
 * its object files (archives are expanded to their members) become one .rcrate, written atomically. Configure it
 * with {@link #builder()}, run it with {@link #pack()}. Immutable and without static state: any number of packs
 * may run at once in one JVM.
 *
 * <p>A dependency is given either as its {@code .steg} ({@link Builder#importSteg}) or as its {@code .rcrate}
 * ({@link Builder#importRcrate}), whose own STEG is read out of it: a build that has the dependency as a binary
 * artifact needs nothing else.
 *
 * <pre>{@code
 * RacePacker.Result r = RacePacker.builder()
 *         .steg(Path.of("plugin.steg"))
 *         .importRcrate(Path.of("engine-1.0.rcrate"))
 *         .object(Path.of("plugin.o"))
 *         .output(Path.of("plugin.rcrate"))
 *         .build()
 *         .pack();
 * r.diagnostics().forEach(d -> System.err.println(d.render()));
 * }</pre>
 */
public final class RacePacker {
    private final Path steg;
    private final List<Path> imports;
    private final List<Boolean> importIsRcrate;
    private final List<Path> objects;
    private final String target;
    private final Path output;
    private final dev.race.link.api.Cancellation cancellation;
    private final StegCache stegCache;

    private RacePacker(Builder b) {
        this.steg = Objects.requireNonNull(b.steg, "steg");
        this.imports = List.copyOf(b.imports);
        this.importIsRcrate = List.copyOf(b.importIsRcrate);
        this.objects = List.copyOf(b.objects);
        this.target = b.target;
        this.output = b.output;
        this.cancellation = b.cancellation;
        this.stegCache = b.stegCache;
    }

    /** A pack stops with a {@code CANCELLED} error before packing and before writing when it was cancelled. */
    private boolean cancelled(List<Diagnostic> diags) {
        if (cancellation != null && cancellation.isCancelled() || Thread.currentThread().isInterrupted()) {
            diags.add(Diagnostic.error(DiagnosticCode.CANCELLED, "the pack was cancelled; no output was written"));
            return true;
        }
        return false;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * What a pack produced.
     *
     * @param ok          true when no error was reported and the output (if one was asked for) was written
     * @param diagnostics every error and warning, in the order found
     * @param output      the file written, or null
     * @param file        the packed crate, or null when the pack failed
     * @param crate       the crate's STEG, or null when it did not compile
     * @param imports     the dependencies' full STEG as compiled (the file holds them trimmed to what is used)
     * @param target      the target packed for, or null when it could not be decided
     */
    public record Result(boolean ok, List<Diagnostic> diagnostics, Path output, RcrateFile file, Crate crate,
                         List<Crate> imports, RcrateTarget target) {
        public Result {
            diagnostics = List.copyOf(diagnostics);
            imports = imports == null ? List.of() : List.copyOf(imports);
        }

        public List<Diagnostic> errors() {
            return diagnostics.stream().filter(Diagnostic::isError).toList();
        }

        /** True when some error has {@code code}. */
        public boolean has(DiagnosticCode code) {
            return diagnostics.stream().anyMatch(d -> d.isError() && d.code() == code);
        }
    }

    /** Runs the pack. Problems with the inputs are diagnostics in the result, never exceptions. */
    public Result pack() {
        return pack(stegCache != null ? stegCache : new StegCache());
    }

    private Result pack(StegCache parsed) {
        List<Diagnostic> diags = new ArrayList<>();
        RcrateTarget wanted = null;
        if (target != null) {
            wanted = RcrateTarget.byName(target);
            if (wanted == null) {
                diags.add(Diagnostic.error(DiagnosticCode.TARGET,
                        "unknown target '" + target + "' (known: aarch64, x86_64)"));
                return failed(diags, null, List.of(), null);
            }
        }
        List<Path> stegFiles = new ArrayList<>();
        stegFiles.add(steg);
        stegFiles.addAll(imports);
        List<Path> everyInput = new ArrayList<>(stegFiles);
        everyInput.addAll(objects);
        boolean bad = false;
        if (output != null) {
            String clash = AtomicFiles.clash(everyInput, List.of(output));
            if (clash != null) {
                diags.add(Diagnostic.error(DiagnosticCode.INPUT_FILE, clash));
                bad = true;
            }
        }
        for (Path in : everyInput) {
            String notRegular = AtomicFiles.notRegular(in);
            if (notRegular != null) {
                diags.add(Diagnostic.error(DiagnosticCode.INPUT_FILE, notRegular));
                bad = true;
            }
        }
        if (bad) {
            return failed(diags, null, List.of(), wanted);
        }

        List<ParsedSource> sources = new ArrayList<>();
        for (int i = 0; i < stegFiles.size(); i++) {
            Path f = stegFiles.get(i);
            Source s = i > 0 && importIsRcrate.get(i - 1) ? stegOfRcrate(f, diags) : readSteg(f, diags);
            if (s != null) {
                sources.add(parsed.parse(s));
            }
        }
        List<ElfObject> objs = new ArrayList<>();
        for (Path f : objects) {
            readObjects(f, objs, diags);
        }
        if (diags.stream().anyMatch(Diagnostic::isError)) {
            return failed(diags, null, List.of(), wanted);
        }
        if (wanted == null && objs.isEmpty()) {
            diags.add(Diagnostic.error(DiagnosticCode.NO_TARGET,
                    "no target given, and there is no object to infer it from"));
            return failed(diags, null, List.of(), null);
        }

        CompileResult compiled = StegCompiler.compileParsed(sources);
        compiled.diagnostics().forEach(d -> diags.add(Diagnostic.of(d)));
        if (compiled.hasErrors()) {
            return failed(diags, null, List.of(), wanted);
        }
        Crate crate = compiled.crates().get(0);
        List<Crate> views = compiled.crates().subList(1, compiled.crates().size());

        if (wanted == null) {
            Map<Integer, String> machines = new LinkedHashMap<>();
            for (ElfObject o : objs) {
                machines.putIfAbsent(o.machine(), o.fileName());
            }
            if (machines.size() > 1) {
                List<String> seen = new ArrayList<>();
                machines.forEach((m, o) -> seen.add(o + ": " + Elf.machineName(m)));
                diags.add(Diagnostic.error(DiagnosticCode.TARGET, "the objects are for different machines ("
                        + String.join(", ", seen) + "); pass --target"));
                return failed(diags, crate, views, null);
            }
            int m = machines.keySet().iterator().next();
            wanted = RcrateTarget.byElfMachine(m);
            if (wanted == null) {
                diags.add(Diagnostic.error(DiagnosticCode.TARGET, machines.get(m) + ": " + Elf.machineName(m)
                        + " is not a supported target (supported: x86_64, aarch64)"));
                return failed(diags, crate, views, null);
            }
        }

        if (cancelled(diags)) {
            return failed(diags, crate, views, wanted);
        }
        PackResult result = CratePacker.pack(crate, views, wanted, objs);
        if (!result.ok()) {
            for (PackError e : result.errors()) {
                diags.add(Diagnostic.error(DiagnosticCode.PACK, e.message()));
            }
            return failed(diags, crate, views, wanted);
        }
        if (cancelled(diags)) {
            return failed(diags, crate, views, wanted);
        }
        if (output != null) {
            try {
                AtomicFiles.createParents(output);
                RcrateWriter.writeAtomically(output, result.file());
            } catch (IOException e) {
                diags.add(Diagnostic.error(DiagnosticCode.OUTPUT, "cannot write " + output + ": " + e.getMessage()));
                return failed(diags, crate, views, wanted);
            }
        }
        return new Result(true, diags, output, result.file(), crate, views, wanted);
    }

    /** The .rcrate this pack writes, or null when it writes none. */
    public Path output() {
        return output;
    }

    /**
     * Runs several packs in one go, as {@code race pack --batch} does. Every {@code .steg} the packs read is parsed
     * once (one {@link StegCache} is shared by the packs that were given none); independent packs run at once, on
     * up to {@code threads} threads; a pack that reads another's output (say an import {@code .rcrate} another pack
     * writes) runs after it. Each pack writes its output atomically when it succeeds and nothing when it fails, as
     * {@link #pack()} does, and the packs that succeed are written whatever happens to the others. A pack fails
     * without running (an {@code INPUT_FILE} error naming the file) when an input of it is the output of a pack that
     * failed, when it writes the same file as another pack, or when the packs' inputs and outputs form a cycle.
     * Each pack gives the same result, and writes the same bytes, as it would alone.
     *
     * @return one result per pack, in the order of {@code packs}
     */
    public static List<Result> packAll(List<RacePacker> packs, int threads) {
        return List.copyOf(packAll(packs, threads, r -> r));
    }

    /**
     * As {@link #packAll(List, int)}, keeping of each result only what {@code finish} makes of it: {@code finish} is
     * called once per pack, on the thread that ran it, as soon as it is done (it must be thread-safe), and the
     * result itself is then dropped. A batch of large crates needs then no more memory than the packs in flight
     * (a {@code Result} holds the whole packed crate).
     *
     * @return what {@code finish} returned for each pack (null if it did), in the order of {@code packs}
     */
    public static <T> List<T> packAll(List<RacePacker> packs, int threads,
                                      java.util.function.Function<? super Result, ? extends T> finish) {
        Objects.requireNonNull(finish, "finish");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
        int n = packs.size();
        Result[] results = new Result[n];
        Map<Path, List<Integer>> writers = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            Path out = packs.get(i).output;
            if (out != null) {
                writers.computeIfAbsent(key(out), k -> new ArrayList<>()).add(i);
            }
        }
        for (Map.Entry<Path, List<Integer>> w : writers.entrySet()) {
            if (w.getValue().size() > 1) {
                for (int i : w.getValue()) {
                    results[i] = notRun(packs.get(i).output + " is the output of " + w.getValue().size()
                            + " packs of the batch (packs " + ordinals(w.getValue()) + "); nothing written");
                }
            }
        }
        // the packs whose outputs each pack reads
        List<List<Integer>> deps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            RacePacker p = packs.get(i);
            List<Path> inputs = new ArrayList<>();
            inputs.add(p.steg);
            inputs.addAll(p.imports);
            inputs.addAll(p.objects);
            List<Integer> mine = new ArrayList<>();
            for (Path in : inputs) {
                List<Integer> w = writers.get(key(in));
                if (w != null && w.size() == 1 && w.get(0) != i && !mine.contains(w.get(0))) {
                    mine.add(w.get(0));
                }
            }
            deps.add(mine);
        }
        // Kahn's order; what is left over is on a cycle or waits for one
        List<Integer> order = new ArrayList<>();
        int[] waiting = new int[n];
        List<List<Integer>> dependents = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            dependents.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            waiting[i] = deps.get(i).size();
            for (int d : deps.get(i)) {
                dependents.get(d).add(i);
            }
        }
        java.util.ArrayDeque<Integer> ready = new java.util.ArrayDeque<>();
        for (int i = 0; i < n; i++) {
            if (waiting[i] == 0) {
                ready.add(i);
            }
        }
        while (!ready.isEmpty()) {
            int i = ready.poll();
            order.add(i);
            for (int d : dependents.get(i)) {
                if (--waiting[d] == 0) {
                    ready.add(d);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (waiting[i] > 0 && results[i] == null) {
                results[i] = notRun(packs.get(i).steg + ": the pack reads the output of a pack that (through others) "
                        + "reads its own output (a cycle among the packs of the batch); nothing written");
            }
        }
        Object[] kept = new Object[n];
        for (int i = 0; i < n; i++) {
            if (waiting[i] > 0) {
                kept[i] = finish.apply(results[i]);
                results[i] = null;
            }
        }
        StegCache shared = new StegCache();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                Math.max(1, Math.min(threads, n)), r -> {
                    Thread t = new Thread(r, "race-pack");
                    t.setDaemon(true);
                    return t;
                });
        try {
            // each future says whether its pack succeeded; what the caller keeps is in kept[]
            @SuppressWarnings("unchecked")
            java.util.concurrent.CompletableFuture<Boolean>[] futures = new java.util.concurrent.CompletableFuture[n];
            for (int i : order) {
                RacePacker p = packs.get(i);
                Result known = results[i];
                results[i] = null;
                List<Integer> before = deps.get(i);
                int at = i;
                java.util.concurrent.CompletableFuture<?>[] wait = before.stream().map(d -> futures[d])
                        .toArray(java.util.concurrent.CompletableFuture[]::new);
                futures[i] = java.util.concurrent.CompletableFuture.allOf(wait).thenApplyAsync(v -> {
                    Result r = known;
                    for (int d : before) {
                        if (r == null && !futures[d].join()) {
                            r = notRun(packs.get(d).output + ": not written, since its pack failed; "
                                    + "the pack that reads it did not run");
                        }
                    }
                    if (r == null) {
                        r = p.pack(p.stegCache != null ? p.stegCache : shared);
                    }
                    kept[at] = finish.apply(r);
                    return r.ok();
                }, pool);
            }
            for (int i : order) {
                try {
                    futures[i].join();
                } catch (java.util.concurrent.CompletionException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    if (e.getCause() instanceof Error err) {
                        throw err;
                    }
                    throw e;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        List<T> out = new ArrayList<>(n);
        for (Object k : kept) {
            @SuppressWarnings("unchecked")
            T t = (T) k;
            out.add(t);
        }
        return java.util.Collections.unmodifiableList(out);
    }

    private static Path key(Path p) {
        return p.toAbsolutePath().normalize();
    }

    private static String ordinals(List<Integer> indices) {
        return String.join(", ", indices.stream().map(i -> String.valueOf(i + 1)).toList());
    }

    private static Result notRun(String message) {
        return failed(new ArrayList<>(List.of(Diagnostic.error(DiagnosticCode.INPUT_FILE, message))), null, List.of(),
                null);
    }

    private static Result failed(List<Diagnostic> diags, Crate crate, List<Crate> views, RcrateTarget target) {
        return new Result(false, diags, null, null, crate, views, target);
    }

    private static Source readSteg(Path f, List<Diagnostic> diags) {
        try {
            return SourceFiles.read(f);
        } catch (SourceFiles.InputException e) {
            diags.add(Diagnostic.error(DiagnosticCode.INPUT_FILE, e.getMessage()));
            return null;
        }
    }

    /** The STEG of an .rcrate's own crate, as canonical .steg text named after the file. */
    private static Source stegOfRcrate(Path f, List<Diagnostic> diags) {
        try {
            RcrateFile file = RcrateReader.open(f).file();
            return new Source(f.toString(), StegPrinter.print(file.crate()));
        } catch (NoSuchFileException e) {
            diags.add(Diagnostic.error(DiagnosticCode.INPUT_FILE, f + ": no such file"));
        } catch (IOException e) {
            diags.add(Diagnostic.error(DiagnosticCode.INPUT_FILE, f + ": cannot read: " + e.getMessage()));
        } catch (RcrateFormatException e) {
            diags.add(Diagnostic.error(DiagnosticCode.RCRATE, e.getMessage()));
        }
        return null;
    }

    /** Reads one input (an object or an archive of objects). */
    private static void readObjects(Path f, List<ElfObject> objects, List<Diagnostic> diags) {
        String name = f.getFileName() == null ? f.toString() : f.getFileName().toString();
        String large = dev.race.format.io.AtomicFiles.tooLarge(f, "split the archive or object");
        if (large != null) {
            diags.add(Diagnostic.error(DiagnosticCode.INPUT_FILE, large));
            return;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(f);
        } catch (NoSuchFileException e) {
            diags.add(Diagnostic.error(DiagnosticCode.INPUT_FILE, f + ": no such file"));
            return;
        } catch (IOException e) {
            diags.add(Diagnostic.error(DiagnosticCode.INPUT_FILE, f + ": cannot read: " + e.getMessage()));
            return;
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
        } catch (ElfFormatException e) {
            diags.add(Diagnostic.error(DiagnosticCode.OBJECT, e.getMessage()));
        }
    }

    /** Collects the inputs of a pack; every setter returns the builder. */
    public static final class Builder {
        private Path steg;
        private final List<Path> imports = new ArrayList<>();
        private final List<Boolean> importIsRcrate = new ArrayList<>();
        private final List<Path> objects = new ArrayList<>();
        private String target;
        private Path output;
        private dev.race.link.api.Cancellation cancellation;
        private StegCache stegCache;

        private Builder() {
        }

        /** The crate's own declarations (required). */
        public Builder steg(Path file) {
            this.steg = Objects.requireNonNull(file, "file");
            return this;
        }

        /** A dependency as its {@code .steg}, as the crate was compiled against it. */
        public Builder importSteg(Path file) {
            imports.add(Objects.requireNonNull(file, "file"));
            importIsRcrate.add(false);
            return this;
        }

        /** A dependency as its {@code .rcrate}: the STEG it holds is the import. */
        public Builder importRcrate(Path file) {
            imports.add(Objects.requireNonNull(file, "file"));
            importIsRcrate.add(true);
            return this;
        }

        /** Dependencies, each a {@code .steg} or (by its name ending in {@code .rcrate}) an {@code .rcrate}. */
        public Builder imports(Collection<Path> files) {
            for (Path f : files) {
                if (f.getFileName() != null && f.getFileName().toString().endsWith(".rcrate")) {
                    importRcrate(f);
                } else {
                    importSteg(f);
                }
            }
            return this;
        }

        /** A relocatable ELF object or a static archive holding the crate's code. */
        public Builder object(Path file) {
            objects.add(Objects.requireNonNull(file, "file"));
            return this;
        }

        public Builder objects(Collection<Path> files) {
            files.forEach(this::object);
            return this;
        }

        /** {@code x86_64} or {@code aarch64}; by default inferred from the objects. */
        public Builder target(String name) {
            this.target = name;
            return this;
        }

        /** The .rcrate to write; without one the pack runs and reports but writes nothing. */
        public Builder output(Path file) {
            this.output = file;
            return this;
        }

        /** Lets another thread stop the pack ({@link dev.race.link.api.Cancellation#cancel()}); null: not. */
        public Builder cancellation(dev.race.link.api.Cancellation cancellation) {
            this.cancellation = cancellation;
            return this;
        }

        /**
         * Parsed {@code .steg} shared with other packs, so that an import many crates use is parsed once; null
         * (the default): this pack parses its own. {@link RacePacker#packAll} shares one among its packs.
         */
        public Builder stegCache(StegCache cache) {
            this.stegCache = cache;
            return this;
        }

        public RacePacker build() {
            return new RacePacker(this);
        }
    }
}
