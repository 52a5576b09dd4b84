package dev.race.format.pack;

import dev.race.format.elf.Elf;
import dev.race.format.elf.ElfObject;
import dev.race.format.elf.ElfSymbols;
import dev.race.format.elf.RelocationTypes;
import dev.race.format.fixtures.Readelf;
import dev.race.format.fixtures.Tools;
import dev.race.format.marker.Marker;
import dev.race.format.marker.Markers;
import dev.race.format.rcrate.RRelocations;
import dev.race.format.rcrate.RSection;
import dev.race.format.rcrate.RSymbols;
import dev.race.format.rcrate.RcrateFile;
import dev.race.format.rcrate.RcrateReader;
import dev.race.format.rcrate.RcrateTarget;
import dev.race.format.rcrate.RcrateWriter;
import dev.race.steg.model.Crate;
import dev.race.steg.model.Item;
import dev.race.steg.model.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Packs real compiler output (gcc x86-64 -fno-pic and default PIE, aarch64-linux-gnu-gcc default, clang x86-64
 * -fno-pic and AArch64, rustc no_std)
 * and checks, against readelf's view of each input object, that import, write and read keep every section's
 * bytes and attributes, every symbol and every relocation; that import views keep exactly the used items; and
 * that the sites of each item are the marker relocations of the functions that use it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CratePackerTest {
    private static final Path TRANSFORM = Path.of("engine", "Transform");

    private java.nio.file.Path dir;
    private Map<String, java.nio.file.Path> objects = new LinkedHashMap<>();
    private Crate plugin;
    private Crate engine;

    @BeforeAll
    void compile(@TempDir java.nio.file.Path tmp) throws IOException {
        dir = tmp;
        String gcc = Tools.find("gcc", "gcc");
        String a64 = Tools.find("aarch64-linux-gnu-gcc", "gcc-aarch64-linux-gnu");
        objects.put("x86-nopic.o", PackFixtures.cc(dir, "x86-nopic.o", gcc, PackFixtures.PLUGIN_C, "-O2", "-fno-pic"));
        objects.put("x86-pie.o", PackFixtures.cc(dir, "x86-pie.o", gcc, PackFixtures.PLUGIN_C, "-O2"));
        objects.put("a64.o", PackFixtures.cc(dir, "a64.o", a64, PackFixtures.PLUGIN_C, "-O2"));
        objects.put("rust.o", PackFixtures.rustc(dir, "rust.o", PackFixtures.PLUGIN_RS));
        String clang = Tools.find("clang", "clang");
        objects.put("clang-x86.o", PackFixtures.cc(dir, "clang-x86.o", clang, PackFixtures.PLUGIN_C, "-O2", "-fno-pic"));
        objects.put("clang-a64.o", PackFixtures.cc(dir, "clang-a64.o", clang, PackFixtures.PLUGIN_C, "-O2",
                "--target=aarch64-linux-gnu"));
        List<Crate> crates = PackFixtures.steg(PackFixtures.PLUGIN, PackFixtures.ENGINE);
        plugin = crates.get(0);
        engine = crates.get(1);
    }

    private RcrateFile pack(String name, RcrateTarget target) throws IOException {
        PackResult r = CratePacker.pack(plugin, List.of(engine), target, List.of(PackFixtures.load(objects.get(name))));
        assertThat(r.errors()).isEmpty();
        return r.file();
    }

    /** Packs, writes and reads back; the read file equals the packed one. */
    private RcrateFile roundTrip(String name, RcrateTarget target) throws IOException {
        RcrateFile packed = pack(name, target);
        byte[] bytes = RcrateWriter.write(packed);
        RcrateFile read = RcrateReader.read(name + ".rcrate", ByteBuffer.wrap(bytes)).file();
        assertThat(read).isEqualTo(packed);
        assertThat(RcrateWriter.write(read)).isEqualTo(bytes);
        return read;
    }

    @Test
    void gccX86NoPicSurvivesPackWriteRead() throws IOException {
        checkAgainstReadelf("x86-nopic.o", roundTrip("x86-nopic.o", RcrateTarget.X86_64));
    }

    @Test
    void gccX86PieSurvivesPackWriteRead() throws IOException {
        checkAgainstReadelf("x86-pie.o", roundTrip("x86-pie.o", RcrateTarget.X86_64));
    }

    @Test
    void gccAarch64SurvivesPackWriteRead() throws IOException {
        checkAgainstReadelf("a64.o", roundTrip("a64.o", RcrateTarget.AARCH64));
    }

    @Test
    void clangX86SurvivesPackWriteRead() throws IOException {
        checkAgainstReadelf("clang-x86.o", roundTrip("clang-x86.o", RcrateTarget.X86_64));
    }

    @Test
    void clangAarch64SurvivesPackWriteRead() throws IOException {
        checkAgainstReadelf("clang-a64.o", roundTrip("clang-a64.o", RcrateTarget.AARCH64));
    }

    @Test
    void rustcSurvivesPackWriteRead() throws IOException {
        RcrateFile f = roundTrip("rust.o", RcrateTarget.X86_64);
        checkAgainstReadelf("rust.o", f);
        assertThat(f.queries()).containsExactlyInAnyOrder(new Marker.Offset(TRANSFORM, List.of("scale")),
                new Marker.Size(TRANSFORM), new Marker.Vtable(Path.of("engine", "Plugin"), Path.of("plugin", "Physics")));
    }

    /** Every packed section, symbol and relocation is what readelf sees in the object, in the same order. */
    private void checkAgainstReadelf(String name, RcrateFile f) throws IOException {
        java.nio.file.Path file = objects.get(name);
        byte[] raw = Files.readAllBytes(file);
        ElfObject o = PackFixtures.load(file);
        int machine = o.machine();

        // sections: readelf's headers, minus the tables the crate re-expresses, with the bytes at sh_offset
        List<String[]> headers = new ArrayList<>();
        for (String l : Readelf.sections(file)) {
            String[] c = l.replaceFirst("^\\[\\d+] ", "").split(" ");
            headers.add(c);
        }
        List<String> expected = new ArrayList<>();
        List<String> actual = new ArrayList<>();
        Map<Integer, String> sectionNameByElfIndex = new LinkedHashMap<>();
        for (int i = 0; i < headers.size(); i++) {
            String[] c = headers.get(i);
            sectionNameByElfIndex.put(i, c.length > 0 ? c[0] : "");
            if (i == 0 || Set.of("SYMTAB", "STRTAB", "RELA", "GROUP", "LLVM_ADDRSIG").contains(c[1])
                    || c[0].equals(".note.GNU-stack") || c[0].equals(".llvm_addrsig")) {
                // .llvm_addrsig is dropped by design (its symbol indices do not survive renumbering);
                // binutils 2.40 prints its type as LOOS+0xfff4c03, so it is matched by name
                continue;
            }
            // name type addr off size es [flags] lk inf al
            boolean hasFlags = c.length == 10;
            long off = Long.parseLong(c[3], 16);
            int size = Integer.parseInt(c[4], 16);
            String flags = hasFlags ? c[6] : "";
            String al = c[c.length - 1];
            String bytes = c[1].equals("NOBITS") ? "-" : hex(raw, (int) off, size);
            expected.add(String.join(" ", name, c[0], c[1], flags, Integer.toString(size), c[5], al, bytes));
        }
        for (RSection s : f.sections()) {
            byte[] b = new byte[(int) s.bytes().remaining()];
            s.bytes().get(b);
            actual.add(String.join(" ", s.origin(), s.name(), Elf.sectionTypeName(machine, s.type()),
                    flagLetters(s.flags()), Long.toString(s.size()), String.format("%02x", s.entsize()),
                    Long.toString(s.align()), s.isNobits() ? "-" : hex(b, 0, b.length)));
        }
        assertThat(actual).containsExactlyElementsOf(expected);

        // symbols: readelf's lines with the section index written as the section's name
        List<String> expectedSymbols = new ArrayList<>();
        for (String l : Readelf.symbols(file)) {
            String[] c = l.split(" ", 8);
            String ndx = c[6].matches("\\d+") ? sectionNameByElfIndex.get(Integer.parseInt(c[6])) : c[6];
            String symName = c.length > 7 ? c[7] : "";
            if (c[3].equals("SECTION") && ndx.equals(".note.GNU-stack")) {
                // the section symbol of a section that is not packed is kept, undefined, so indices stay
                ndx = "UND";
                symName = "UND";
            }
            expectedSymbols.add(String.join(" ", c[0], c[1], c[2], c[3], c[4], c[5], ndx, symName).trim());
        }
        RSymbols s = f.symbols();
        List<String> actualSymbols = new ArrayList<>();
        for (int i = 0; i < s.count(); i++) {
            String ndx = switch (s.section(i)) {
                case RSymbols.UNDEF -> "UND";
                case RSymbols.ABS -> "ABS";
                case RSymbols.COMMON -> "COM";
                default -> f.sections().get(s.section(i)).name();
            };
            String type = ElfSymbols.Type.values()[s.type(i)].name();
            String symName = type.equals("SECTION") && s.name(i).isEmpty() ? ndx : s.name(i);
            assertThat(s.object(i)).isZero();
            actualSymbols.add(String.join(" ", i + ":", String.format("%016x", s.value(i)), Long.toString(s.size(i)),
                    type, ElfSymbols.Binding.values()[s.binding(i)].name(),
                    ElfSymbols.Visibility.values()[s.visibility(i)].name(), ndx, symName).trim());
        }
        assertThat(actualSymbols).containsExactlyElementsOf(expectedSymbols);

        // relocations: readelf's lines per patched section, with semantic ones decoding to the marker's query
        Map<String, List<String>> expectedRelocs = new LinkedHashMap<>();
        Readelf.relocations(file).forEach((k, v) -> expectedRelocs.put(k.substring(".rela".length()), v));
        Map<String, List<String>> actualRelocs = new LinkedHashMap<>();
        RRelocations r = f.relocations();
        for (int i = 0; i < r.count(); i++) {
            int sym = r.symbol(i);
            long info = ((long) sym << 32) | Integer.toUnsignedLong(r.type(i));
            String symName = ElfSymbols.Type.values()[s.type(sym)] == ElfSymbols.Type.SECTION && s.name(sym).isEmpty()
                    ? f.sections().get(s.section(sym)).name() : s.name(sym);
            long a = r.addend(i);
            actualRelocs.computeIfAbsent(f.sections().get(r.section(i)).name(), k -> new ArrayList<>())
                    .add(Readelf.normalize(String.format("%016x %016x %s %016x %s %s %x", r.offset(i), info,
                            RelocationTypes.describe(machine, r.type(i)), s.value(sym), symName, a < 0 ? "-" : "+",
                            a < 0 ? -a : a)));
            assertThat(r.isSemantic(i)).isEqualTo(Markers.isMarker(s.name(sym)));
            if (r.isSemantic(i)) {
                assertThat(Markers.mangle(f.queries().get(r.query(i)))).isEqualTo(s.name(sym));
            }
        }
        assertThat(actualRelocs).isEqualTo(expectedRelocs);
        assertThat(f.objects()).containsExactly(name);
    }

    private static String hex(byte[] b, int from, int len) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < from + len; i++) {
            sb.append(String.format("%02x", b[i]));
        }
        return sb.toString();
    }

    private static String flagLetters(long f) {
        long[] bits = {Elf.SHF_WRITE, Elf.SHF_ALLOC, Elf.SHF_EXECINSTR, Elf.SHF_MERGE, Elf.SHF_STRINGS,
                Elf.SHF_INFO_LINK, Elf.SHF_LINK_ORDER, Elf.SHF_OS_NONCONFORMING, Elf.SHF_GROUP, Elf.SHF_TLS,
                Elf.SHF_COMPRESSED, Elf.SHF_GNU_RETAIN, Elf.SHF_EXCLUDE};
        String letters = "WAXMSILOGTCRE";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < bits.length; i++) {
            if ((f & bits[i]) != 0) {
                b.append(letters.charAt(i));
            }
        }
        return b.toString();
    }

    @Test
    void importViewKeepsExactlyTheUsedItems() throws IOException {
        RcrateFile f = pack("x86-nopic.o", RcrateTarget.X86_64);
        assertThat(f.crate()).isEqualTo(plugin);
        assertThat(f.imports()).hasSize(1);
        Crate view = f.imports().get(0);
        assertThat(view.name()).isEqualTo("engine");
        assertThat(view.version()).isEqualTo(engine.version());
        // markers: Transform, Shape, Plugin; undefined engine_spawn: spawn; the impl: Plugin;
        // closure: Transform.pos -> Vec3, Plugin::build -> App -> World, spawn -> World, Entity
        assertThat(view.items().stream().map(it -> it.path().toString()))
                .containsExactly("engine::Vec3", "engine::Transform", "engine::World", "engine::App",
                        "engine::Entity", "engine::Shape", "engine::Plugin", "engine::spawn");
        for (Item it : view.items()) {
            assertThat(it).isEqualTo(engine.item(it.path()).orElseThrow());
        }
    }

    @Test
    void aCrateUsingNothingOfAnImportDropsIt() {
        List<Crate> crates = PackFixtures.steg("crate plugin 0.1.0;\npub struct Alone { x: u32 }\n", PackFixtures.ENGINE);
        PackResult r = CratePacker.pack(crates.get(0), List.of(crates.get(1)), RcrateTarget.X86_64, List.of());
        assertThat(r.errors()).isEmpty();
        assertThat(r.file().imports()).isEmpty();
        assertThat(r.file().sections()).isEmpty();
        assertThat(r.file().symbols().count()).isZero();
    }

    @Test
    void sitesNameTheFunctionsUsingEachItem() throws IOException {
        RcrateFile f = pack("x86-nopic.o", RcrateTarget.X86_64);
        Map<Path, List<String>> sites = Sites.of(f);
        assertThat(sites.keySet()).containsExactly(Path.of("engine", "Plugin"), Path.of("engine", "Shape"),
                TRANSFORM, Path.of("plugin", "Physics"));
        assertThat(functions(sites.get(TRANSFORM))).containsExactly("get_scale", "get_y", "transform_size");
        assertThat(functions(sites.get(Path.of("engine", "Shape")))).containsExactly("is_rect", "pair_z");
        assertThat(functions(sites.get(Path.of("engine", "Plugin")))).containsExactly("physics_vtable", "plugin_name");
        assertThat(functions(sites.get(Path.of("plugin", "Physics")))).containsExactly("physics_vtable");

        // each site is exactly where readelf shows a marker relocation
        Set<String> fromReadelf = new TreeSet<>();
        for (String l : Readelf.relocations(objects.get("x86-nopic.o")).getOrDefault(".rela.text", List.of())) {
            String[] c = l.split(" ");
            if (c[4].startsWith("__race_")) {
                fromReadelf.add("x86-nopic.o:.text+0x" + Long.toHexString(Long.parseLong(c[0], 16)));
            }
        }
        Set<String> fromSites = new TreeSet<>();
        sites.values().forEach(l -> l.forEach(site -> fromSites.add(site.substring(0, site.indexOf(' ')))));
        assertThat(fromSites).isEqualTo(fromReadelf).hasSize(7);
    }

    @Test
    void undefinedSymbolSitesAreTheOrdinaryRelocationsReadelfShows() throws IOException {
        RcrateFile f = pack("x86-nopic.o", RcrateTarget.X86_64);
        Map<String, List<String>> sites = Sites.ofUndefinedSymbols(f);
        assertThat(sites.keySet()).containsExactly("engine_spawn");
        assertThat(functions(sites.get("engine_spawn"))).containsExactly("physics_build");
        Set<String> fromReadelf = new TreeSet<>();
        for (String l : Readelf.relocations(objects.get("x86-nopic.o")).getOrDefault(".rela.text", List.of())) {
            String[] c = l.split(" ");
            if (c[4].equals("engine_spawn")) {
                fromReadelf.add("x86-nopic.o:.text+0x" + Long.toHexString(Long.parseLong(c[0], 16)));
            }
        }
        assertThat(sites.get("engine_spawn")).extracting(site -> site.substring(0, site.indexOf(' ')))
                .containsExactlyElementsOf(fromReadelf).isNotEmpty();
    }

    private static Set<String> functions(List<String> sites) {
        Set<String> out = new TreeSet<>();
        for (String s : sites) {
            assertThat(s).matches("x86-nopic\\.o:\\.text\\+0x[0-9a-f]+ \\(in \\w+\\)");
            out.add(s.substring(s.indexOf("(in ") + 4, s.length() - 1));
        }
        return out;
    }

    @Test
    void twoObjectsShareOneSymbolTableAndDedupedQueries() throws IOException {
        PackResult r = CratePacker.pack(plugin, List.of(engine), RcrateTarget.X86_64,
                List.of(PackFixtures.load(objects.get("x86-nopic.o")), PackFixtures.load(objects.get("x86-pie.o"))));
        assertThat(r.errors()).isEmpty();
        RcrateFile f = r.file();
        ElfObject a = PackFixtures.load(objects.get("x86-nopic.o"));
        ElfObject b = PackFixtures.load(objects.get("x86-pie.o"));
        assertThat(f.symbols().count()).isEqualTo(a.symbols().count() + b.symbols().count());
        assertThat(f.symbols().object(a.symbols().count())).isEqualTo(1);
        assertThat(f.sections().stream().filter(s -> s.origin().equals("x86-pie.o")).count()).isPositive();
        // both objects use the same seven queries: each appears once
        assertThat(f.queries()).hasSize(7).doesNotHaveDuplicates();
        RRelocations rel = f.relocations();
        for (int i = 0; i < rel.count(); i++) {
            String origin = f.sections().get(rel.section(i)).origin();
            assertThat(f.objects().get(f.symbols().object(rel.symbol(i)))).isEqualTo(origin);
        }
    }
}
