package dev.race.link.pipeline;

import dev.race.format.elf.Elf;
import dev.race.format.rcrate.RRelocations;
import dev.race.format.rcrate.RSection;
import dev.race.format.rcrate.RSymbols;
import dev.race.format.rcrate.RcrateFile;
import dev.race.format.rcrate.RcrateReader;
import dev.race.format.rcrate.RcrateWriter;
import dev.race.link.LinkResult;
import dev.race.link.api.Diagnostic;
import dev.race.link.testing.CliRunner;
import dev.race.link.testing.Workspace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Issue 11: readable .rcrates with values the stages after the decoder trusted. Each used to end in
 * {@code ElfOutputException} ({@code race: internal error}, exit 70), a hang (a SHF_MERGE section aligned to
 * 2^40 padded one byte at a time), or an ArrayIndexOutOfBoundsException (an empty SHF_MERGE|SHF_STRINGS section a
 * symbol points into). Now the reader refuses the bad values with a located message (one error diagnostic, exit
 * 1, nothing written), fast, and the empty merge section links. Each crate is the app packed by {@code race
 * pack}, changed through the format API and written again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CorruptCrateLinkTest {
    static final String APP_C = Workspace.RUNTIME_C + """
            const char *msg = "merge me";
            const char *more = "and me";          /* a second piece: the old merger padded to 2^40 before it */
            int main(void) { return msg[0] == 'm' && more[0] == 'a' ? 7 : 1; }
            """;

    Workspace ws;
    RcrateFile app;

    @BeforeAll
    void build(@TempDir Path tmp) throws Exception {
        ws = new Workspace(tmp);
        Path steg = ws.write("app.steg", "crate app 1.0.0;\npub fn main() -> i32;\n");
        Path packed = ws.pack("app.rcrate", steg, List.of(), ws.cc("app", APP_C, Workspace.NO_PIC));
        app = RcrateReader.open(packed).file();
    }

    private static int section(RcrateFile f, String name) {
        for (int i = 0; i < f.sections().size(); i++) {
            if (f.sections().get(i).name().equals(name)) return i;
        }
        throw new AssertionError("no section " + name);
    }

    private static int symbol(RcrateFile f, String name) {
        for (int i = 0; i < f.symbols().count(); i++) {
            if (f.symbols().name(i).equals(name)) return i;
        }
        throw new AssertionError("no symbol " + name);
    }

    private static RcrateFile withSections(RcrateFile f, List<RSection> sections) {
        return new RcrateFile(f.target(), f.crate(), f.imports(), f.objects(), sections, f.groups(), f.symbols(),
                f.relocations(), f.queries());
    }

    private static RcrateFile withSection(RcrateFile f, String name, UnaryOperator<RSection> change) {
        List<RSection> s = new ArrayList<>(f.sections());
        int i = section(f, name);
        s.set(i, change.apply(s.get(i)));
        return withSections(f, s);
    }

    private static RSection align(RSection s, long align) {
        return new RSection(s.origin(), s.name(), s.type(), s.flags(), align, s.entsize(), s.size(), s.bytes(),
                s.group());
    }

    interface SymbolEdit {
        void edit(RSymbols.Columns c, int index);
    }

    private static RcrateFile withSymbol(RcrateFile f, String name, SymbolEdit edit) {
        RSymbols.Columns c = f.symbols().columns(0);
        edit.edit(c, symbol(f, name));
        return new RcrateFile(f.target(), f.crate(), f.imports(), f.objects(), f.sections(), f.groups(), c.build(),
                f.relocations(), f.queries());
    }

    private static RcrateFile withRelocationType(RcrateFile f, int type) {
        RRelocations r = f.relocations();
        int n = r.count();
        int[] section = new int[n];
        long[] offset = new long[n];
        int[] types = new int[n];
        int[] symbol = new int[n];
        long[] addend = new long[n];
        int[] query = new int[n];
        for (int i = 0; i < n; i++) {
            section[i] = r.section(i);
            offset[i] = r.offset(i);
            types[i] = r.type(i);
            symbol[i] = r.symbol(i);
            addend[i] = r.addend(i);
            query[i] = r.query(i);
        }
        types[0] = type;
        return new RcrateFile(f.target(), f.crate(), f.imports(), f.objects(), f.sections(), f.groups(), f.symbols(),
                new RRelocations(section, offset, types, symbol, addend, query), f.queries());
    }

    interface Corruption {
        RcrateFile apply(RcrateFile f);
    }

    Stream<Arguments> corruptions() {
        return Stream.of(
                Arguments.of("text-align-12", (Corruption) f -> withSection(f, ".text", s -> align(s, 12)),
                        "section %d (.text): alignment 12 is not a power of two".formatted(section(app, ".text"))),
                Arguments.of("text-align-2^40", (Corruption) f -> withSection(f, ".text", s -> align(s, 1L << 40)),
                        "section %d (.text): alignment 1099511627776 is above the maximum 65536"
                                .formatted(section(app, ".text"))),
                // the merge section that used to hang the link and grow memory without bound
                Arguments.of("merge-align-2^40", (Corruption) f -> withSection(f, ".rodata.str1.1",
                                s -> align(s, 1L << 40)),
                        "section %d (.rodata.str1.1): alignment 1099511627776 is above the maximum 65536"
                                .formatted(section(app, ".rodata.str1.1"))),
                Arguments.of("negative-entsize", (Corruption) f -> withSection(f, ".text",
                                s -> new RSection(s.origin(), s.name(), s.type(), s.flags(), s.align(), -16, s.size(),
                                        s.bytes(), s.group())),
                        "section %d (.text): negative entry size -16".formatted(section(app, ".text"))),
                Arguments.of("negative-nobits-size", (Corruption) f -> withSection(f, ".bss",
                                s -> new RSection(s.origin(), s.name(), s.type(), s.flags(), s.align(), s.entsize(),
                                        -4096, s.bytes(), s.group())),
                        "section %d (.bss): negative size -4096".formatted(section(app, ".bss"))),
                Arguments.of("negative-symbol-size", (Corruption) f -> withSymbol(f, "main",
                                (c, i) -> c.size[i] = -1),
                        "symbol %d (main): negative size -1".formatted(symbol(app, "main"))),
                Arguments.of("unknown-symbol-type", (Corruption) f -> withSymbol(f, "main",
                                (c, i) -> c.type[i] = 9),
                        "symbol %d (main): unknown type 9 (known: 0 NOTYPE .. 7 IFUNC)".formatted(symbol(app, "main"))),
                Arguments.of("unknown-visibility", (Corruption) f -> withSymbol(f, "main",
                                (c, i) -> c.visibility[i] = 5),
                        "symbol %d (main): unknown visibility 5 (known: 0 DEFAULT .. 3 PROTECTED)"
                                .formatted(symbol(app, "main"))),
                Arguments.of("nul-in-symbol-name", (Corruption) f -> withSymbol(f, "main",
                                (c, i) -> c.name[i] = "ma\0in"),
                        "symbol %d (ma\\0in): name contains a NUL byte".formatted(symbol(app, "main"))),
                Arguments.of("empty-global-name", (Corruption) f -> withSymbol(f, "main", (c, i) -> c.name[i] = ""),
                        "symbol %d: empty name (only a local symbol may have none)".formatted(symbol(app, "main"))),
                Arguments.of("nul-in-section-name", (Corruption) f -> withSection(f, ".text",
                                s -> new RSection(s.origin(), ".te\0xt", s.type(), s.flags(), s.align(), s.entsize(),
                                        s.size(), s.bytes(), s.group())),
                        "section %d (.te\\0xt): name contains a NUL byte".formatted(section(app, ".text"))),
                Arguments.of("empty-section-name", (Corruption) f -> withSection(f, ".text",
                                s -> new RSection(s.origin(), "", s.type(), s.flags(), s.align(), s.entsize(),
                                        s.size(), s.bytes(), s.group())),
                        "section %d: empty name".formatted(section(app, ".text"))),
                Arguments.of("negative-relocation-type", (Corruption) f -> withRelocationType(f, -2),
                        "relocation 0: type 4294967294 is out of range (relocation types are below 2^31)"));
    }

    private Path write(String name, RcrateFile f) throws Exception {
        Path p = ws.dir.resolve(name + ".rcrate");
        RcrateWriter.writeAtomically(p, f);
        return p;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptions")
    void theLinkRefusesTheCrateWithALocatedError(String name, Corruption c, String problem) throws Exception {
        Path in = write(name, c.apply(app));
        Path out = ws.dir.resolve(name + ".out");
        LinkResult[] r = new LinkResult[1];
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            r[0] = ws.link(out.getFileName().toString(), in);
        });
        assertThat(r[0].ok()).isFalse();
        assertThat(r[0].errors()).hasSize(1);
        assertThat(r[0].errors().get(0).message())
                .matches(Pattern.quote(in + ": offset 0x") + "[0-9a-f]+" + Pattern.quote(": " + problem));
        assertThat(out).doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptions")
    void theCommandLineExitsOneAndWritesNothing(String name, Corruption c, String problem) throws Exception {
        Path in = write("cli-" + name, c.apply(app));
        Path out = ws.dir.resolve("cli-" + name + ".out");
        CliRunner.Cli[] r = new CliRunner.Cli[1];
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            r[0] = CliRunner.race("link", "-o", out.toString(), in.toString());
        });
        assertThat(r[0].code()).as(r[0].err()).isEqualTo(1);
        assertThat(r[0].err()).matches(Pattern.quote("race: error: " + in + ": offset 0x") + "[0-9a-f]+"
                + Pattern.quote(": " + problem + "\nrace: 1 error; nothing written\n"));
        assertThat(out).doesNotExist();
    }

    /** An empty SHF_MERGE|SHF_STRINGS section with a symbol in it: placed whole (0 bytes), the link works. */
    @Test
    void anEmptyMergeSectionWithASymbolInItLinks() throws Exception {
        List<RSection> sections = new ArrayList<>(app.sections());
        RSection text = sections.get(section(app, ".text"));
        sections.add(new RSection(text.origin(), ".rodata.str1.1", 1, Elf.SHF_ALLOC | Elf.SHF_MERGE | Elf.SHF_STRINGS,
                1, 1, 0, ByteBuffer.allocate(0), -1));
        int empty = sections.size() - 1;
        RSymbols.Columns c = app.symbols().columns(1);
        int k = c.name.length - 1;
        c.name[k] = ".LC_empty";
        c.section[k] = empty;
        c.type[k] = 1;                                        // STT_OBJECT, local, value 0
        c.object[k] = app.symbols().object(symbol(app, "main"));
        RcrateFile f = new RcrateFile(app.target(), app.crate(), app.imports(), app.objects(), sections,
                app.groups(), c.build(), app.relocations(), app.queries());
        Path in = write("empty-merge", f);
        LinkResult[] r = new LinkResult[1];
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            r[0] = ws.link("empty-merge", b -> b.gcSections(false), in); // keep the unreferenced section
        });
        assertThat(r[0].ok()).as(r[0].diagnostics().stream().map(Diagnostic::render).toList().toString()).isTrue();
        assertThat(ws.run(ws.dir.resolve("empty-merge")).code()).isEqualTo(7);
    }

    @Test
    void theUnchangedCrateLinksAndRuns() throws Exception {
        Path in = write("good", app);
        LinkResult r = ws.link("good", in);
        assertThat(r.ok()).as(Workspace.rendered(r)).isTrue();
        assertThat(ws.run(ws.dir.resolve("good")).code()).isEqualTo(7);
    }
}
