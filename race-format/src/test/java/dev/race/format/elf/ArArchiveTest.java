package dev.race.format.elf;

import dev.race.format.fixtures.Fixtures;
import dev.race.format.fixtures.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArArchiveTest {
    private static final String LONG = "a_rather_long_member_name_for_gnu_ar.o";
    private Path dir;
    private Map<String, Path> objects;

    @BeforeAll
    void compile(@TempDir Path dir) throws IOException {
        this.dir = dir;
        objects = Fixtures.build(dir);
        Files.copy(objects.get("rust"), dir.resolve(LONG));
        Tools.ok(dir, "ar", "rcs", "lib.a", "x86-nopic.o", LONG, "a64-pie.o");
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    @Test
    void gnuArchiveFromArMatchesArT() throws IOException {
        ArArchive a = ArArchive.read("lib.a", ByteBuffer.wrap(Files.readAllBytes(dir.resolve("lib.a"))));
        List<String> arT = Arrays.asList(Tools.ok(dir, "ar", "t", "lib.a").trim().split("\n"));
        assertThat(arT).containsExactly("x86-nopic.o", LONG, "a64-pie.o");
        assertThat(a.members()).extracting(ArMember::name).containsExactlyElementsOf(arT);
        for (ArMember m : a.members()) {
            assertThat(bytes(m.bytes())).as(m.name()).isEqualTo(Files.readAllBytes(dir.resolve(m.name())));
            ElfObject o = ElfObject.read(m.qualifiedName("lib.a"), m.bytes());
            assertThat(o.symbols().count()).isPositive();
        }
        assertThat(ElfObject.read("x", a.members().get(2).bytes()).machine()).isEqualTo(Elf.EM_AARCH64);
    }

    /** A BSD archive: a __.SYMDEF index to skip, #1/N names stored before the data, an odd size padded. */
    @Test
    void bsdNamesAndSymdefAreHandled() throws IOException {
        byte[] obj = Files.readAllBytes(objects.get("x86-nopic"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write("!<arch>\n".getBytes(StandardCharsets.US_ASCII));
        bsdMember(out, "__.SYMDEF SORTED", new byte[]{1, 2, 3, 4, 5, 6, 7, 8});
        bsdMember(out, "a_long_bsd_member_name.o", obj);
        bsdMember(out, "odd", new byte[]{42, 43, 44});
        bsdMember(out, "short.o", new byte[]{9});
        ArArchive a = ArArchive.read("bsd.a", ByteBuffer.wrap(out.toByteArray()));
        assertThat(a.members()).extracting(ArMember::name).containsExactly("a_long_bsd_member_name.o", "odd",
                "short.o");
        assertThat(bytes(a.members().get(0).bytes())).isEqualTo(obj);
        assertThat(bytes(a.members().get(1).bytes())).containsExactly(42, 43, 44);
        assertThat(bytes(a.members().get(2).bytes())).containsExactly(9);
    }

    /** BSD ar: the name (NUL-padded to a multiple of 4 here, as BSD ar does) precedes the data. */
    private static void bsdMember(ByteArrayOutputStream out, String name, byte[] data) throws IOException {
        byte[] n = Arrays.copyOf(name.getBytes(StandardCharsets.US_ASCII), (name.length() + 4) & ~3);
        header(out, "#1/" + n.length, n.length + data.length);
        out.write(n);
        out.write(data);
        if ((n.length + data.length) % 2 != 0) {
            out.write('\n');
        }
    }

    private static void header(ByteArrayOutputStream out, String name, long size) throws IOException {
        String h = String.format("%-16s%-12s%-6s%-6s%-8s%-10s`\n", name, "0", "0", "0", "644", size);
        out.write(h.getBytes(StandardCharsets.US_ASCII));
    }

    private static ByteBuffer archive(String name, long declaredSize, byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write("!<arch>\n".getBytes(StandardCharsets.US_ASCII));
        header(out, name, declaredSize);
        out.write(data);
        return ByteBuffer.wrap(out.toByteArray());
    }

    @Test
    void corruptArchivesSayWhatAndWhere() throws IOException {
        assertThatThrownBy(() -> ArArchive.read("t.a", ByteBuffer.wrap("!<thin>\nxxxx".getBytes(StandardCharsets.US_ASCII))))
                .isInstanceOf(ElfFormatException.class)
                .hasMessage("t.a: offset 0x0: thin archives (!<thin>) are not supported: they hold no member bytes");
        assertThatThrownBy(() -> ArArchive.read("x.a", ByteBuffer.wrap(new byte[]{1, 2, 3})))
                .hasMessage("x.a: offset 0x0: not an archive (no !<arch> magic)");
        ByteBuffer big = archive("m.o/", 100, new byte[10]);
        assertThatThrownBy(() -> ArArchive.read("x.a", big))
                .hasMessage("x.a: offset 0x38: member size 100 extends past the end of the archive (0x44 + 0x64 > 0x4e)");
        ByteBuffer notNumber = archive("m.o/", 0, new byte[0]);
        notNumber.put(8 + 48, (byte) 'z');
        assertThatThrownBy(() -> ArArchive.read("x.a", notNumber))
                .hasMessage("x.a: offset 0x38: member size `z` is not a decimal number");
        assertThatThrownBy(() -> ArArchive.read("x.a", archive("/12", 2, new byte[2])))
                .hasMessage("x.a: offset 0x8: member refers to long name 12 but the archive has no // name table "
                        + "before it");
        ByteBuffer cut = archive("m.o/", 0, new byte[0]);
        assertThatThrownBy(() -> ArArchive.read("x.a", cut.limit(30)))
                .hasMessage("x.a: offset 0x8: member header extends past the end of the archive (0x8 + 0x3c > 0x1e)");
    }
}
