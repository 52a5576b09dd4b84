package dev.race.format.rcrate;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Issue 11: values the decoder used to pass through and a later stage trusted (RaceLinker threw
 * ElfOutputException, or looped on a 2^40 alignment). Each is written as a valid .rcrate, then one field is
 * patched (the CRCs re-sealed) and the reader must refuse it, naming the file, the offset of the field, the table,
 * the index and what was expected.
 */
class RcrateValidationTest {
    private static RcrateFile content;
    private static byte[] good;
    /** Index of the first section with bytes, and of a symbol defined in a section. */
    private static int sec;

    @BeforeAll
    static void build() {
        content = SyntheticRcrates.generate(11);
        good = RcrateWriter.write(content);
        sec = 0;
        while (content.sections().get(sec).isNobits()) sec++;
    }

    private static String problem(byte[] bytes) {
        RcrateFormatException[] e = new RcrateFormatException[1];
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            try {
                RcrateReader.read("x.rcrate", ByteBuffer.wrap(bytes)).file();
            } catch (RcrateFormatException x) {
                e[0] = x;
            }
        });
        assertThat(e[0]).as("the reader accepted the patched crate").isNotNull();
        return e[0].getMessage();
    }

    private static byte[] patched(Consumer<ByteBuffer> edit) {
        byte[] m = good.clone();
        edit.accept(ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN));
        new RawRcrate(m).seal();
        return m;
    }

    private static int sectionField(int i, int field) {
        return new RawRcrate(good).offset(RcrateFormat.SECTIONS) + 4 + RcrateFormat.SECTION_META_SIZE * i + field;
    }

    private static int symbolField(int i, int field) {
        return new RawRcrate(good).offset(RcrateFormat.SYMBOLS) + 4 + RcrateFormat.SYMBOL_SIZE * i + field;
    }

    private static int relocationField(int i, int field) {
        return new RawRcrate(good).offset(RcrateFormat.RELOCATIONS) + 4 + RcrateFormat.RELOCATION_SIZE * i + field;
    }

    private static String at(int offset) {
        return "x.rcrate: offset 0x" + Integer.toHexString(offset) + ": ";
    }

    private static String sectionName() {
        return "section " + sec + " (" + content.sections().get(sec).name() + ")";
    }

    private static String symbolName(int i) {
        return "symbol " + i + " (" + content.symbols().name(i) + ")";
    }

    @Test
    void alignmentThatIsNotAPowerOfTwo() {
        int f = sectionField(sec, 24);
        assertThat(problem(patched(b -> b.putLong(f, 12)))).isEqualTo(at(f) + sectionName()
                + ": alignment 12 is not a power of two");
        assertThat(problem(patched(b -> b.putLong(f, -1)))).isEqualTo(at(f) + sectionName()
                + ": alignment 18446744073709551615 is not a power of two");
    }

    @Test
    void alignmentAboveTheMaximum() {
        int f = sectionField(sec, 24);
        assertThat(problem(patched(b -> b.putLong(f, 1L << 40)))).isEqualTo(at(f) + sectionName()
                + ": alignment 1099511627776 is above the maximum 65536");
        assertThat(problem(patched(b -> b.putLong(f, Long.MIN_VALUE)))).isEqualTo(at(f) + sectionName()
                + ": alignment 9223372036854775808 is above the maximum 65536");
    }

    @Test
    void alignmentsUpToTheMaximumAreRead() {
        int f = sectionField(sec, 24);
        for (long a : new long[] {0, 1, 4096, RcrateReader.MAX_ALIGN}) {
            RcrateFile read = RcrateReader.read("x.rcrate", ByteBuffer.wrap(patched(b -> b.putLong(f, a)))).file();
            assertThat(read.sections().get(sec).align()).isEqualTo(a);
        }
    }

    @Test
    void negativeEntrySize() {
        int f = sectionField(sec, 32);
        assertThat(problem(patched(b -> b.putLong(f, -8)))).isEqualTo(at(f) + sectionName()
                + ": negative entry size -8");
    }

    @Test
    void negativeNobitsSize() {
        int nobits = 0;
        while (!content.sections().get(nobits).isNobits()) nobits++;
        int f = sectionField(nobits, 40);
        assertThat(problem(patched(b -> b.putLong(f, -4096)))).isEqualTo(at(f) + "section " + nobits + " (.bss)"
                + ": negative size -4096");
    }

    @Test
    void negativeSymbolSize() {
        int f = symbolField(0, 16);
        assertThat(problem(patched(b -> b.putLong(f, -1)))).isEqualTo(at(f) + symbolName(0) + ": negative size -1");
    }

    @Test
    void unknownSymbolTypeBindingAndVisibility() {
        int t = symbolField(0, 25);
        assertThat(problem(patched(b -> b.put(t, (byte) 13)))).isEqualTo(at(t) + symbolName(0)
                + ": unknown type 13 (known: 0 NOTYPE .. 7 IFUNC)");
        int bind = symbolField(0, 24);
        assertThat(problem(patched(b -> b.put(bind, (byte) 0xF0)))).isEqualTo(at(bind) + symbolName(0)
                + ": unknown binding 240 (known: 0 LOCAL .. 3 UNIQUE)");
        int v = symbolField(0, 26);
        assertThat(problem(patched(b -> b.put(v, (byte) 4)))).isEqualTo(at(v) + symbolName(0)
                + ": unknown visibility 4 (known: 0 DEFAULT .. 3 PROTECTED)");
    }

    @Test
    void commonSymbolAlignment() {
        int common = 0;
        while (content.symbols().section(common) != RSymbols.COMMON) common++;
        int f = symbolField(common, 8);
        assertThat(problem(patched(b -> b.putLong(f, 24)))).isEqualTo(at(f) + symbolName(common)
                + ": a common symbol's value is its alignment, but 24 is not a power of two up to 65536");
    }

    @Test
    void negativeRelocationType() {
        int f = relocationField(0, 4);
        assertThat(problem(patched(b -> b.putInt(f, -7)))).isEqualTo(at(f)
                + "relocation 0: type 4294967289 is out of range (relocation types are below 2^31)");
    }

    /** A NUL byte in a name: the name's bytes in STRINGS are patched in place (same length). */
    @Test
    void nulByteInSectionAndSymbolNames() {
        String name = content.sections().get(sec).name();
        int f = sectionField(sec, 4);
        byte[] m = nulInString(ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN).getInt(f));
        assertThat(problem(m)).isEqualTo(at(f) + "section " + sec + " (" + name.charAt(0) + "\\0"
                + name.substring(2) + "): name contains a NUL byte");
        String sym = content.symbols().name(0);
        int g = symbolField(0, 0);
        byte[] n = nulInString(ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN).getInt(g));
        assertThat(problem(n)).isEqualTo(at(g) + "symbol 0 (" + sym.charAt(0) + "\\0" + sym.substring(2)
                + "): name contains a NUL byte");
    }

    /** A copy of the crate whose string {@code index} has its second byte replaced by NUL. */
    private static byte[] nulInString(int index) {
        byte[] m = good.clone();
        ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
        int pos = new RawRcrate(good).offset(RcrateFormat.STRINGS) + 4;
        for (int i = 0; i < index; i++) pos += 4 + b.getInt(pos);
        m[pos + 4 + 1] = 0;
        new RawRcrate(m).seal();
        return m;
    }

    @Test
    void emptySectionNameAndEmptyGlobalSymbolName() {
        List<RSection> sections = new ArrayList<>(content.sections());
        RSection s = sections.get(sec);
        sections.set(sec, new RSection(s.origin(), "", s.type(), s.flags(), s.align(), s.entsize(), s.size(),
                s.bytes(), s.group()));
        byte[] m = RcrateWriter.write(new RcrateFile(content.target(), content.crate(), content.imports(),
                content.objects(), sections, content.groups(), content.symbols(), content.relocations(),
                content.queries()));
        int f = new RawRcrate(m).offset(RcrateFormat.SECTIONS) + 4 + RcrateFormat.SECTION_META_SIZE * sec + 4;
        assertThat(problem(m)).isEqualTo(at(f) + "section " + sec + ": empty name");

        RSymbols.Columns y = content.symbols().columns(0);
        y.name[0] = "";
        y.binding[0] = 1;                                     // STB_GLOBAL
        byte[] g = RcrateWriter.write(new RcrateFile(content.target(), content.crate(), content.imports(),
                content.objects(), content.sections(), content.groups(),
                y.build(), content.relocations(),
                content.queries()));
        int h = new RawRcrate(g).offset(RcrateFormat.SYMBOLS) + 4;
        assertThat(problem(g)).isEqualTo(at(h) + "symbol 0: empty name (only a local symbol may have none)");
        y.binding[0] = 0;                                     // an unnamed local (the ELF null symbol) is fine
        byte[] l = RcrateWriter.write(new RcrateFile(content.target(), content.crate(), content.imports(),
                content.objects(), content.sections(), content.groups(),
                y.build(), content.relocations(),
                content.queries()));
        assertThat(RcrateReader.read("x.rcrate", ByteBuffer.wrap(l)).file().symbols().name(0)).isEmpty();
    }

    @Test
    void theUnpatchedCrateReads() {
        assertThat(RcrateReader.read("x.rcrate", ByteBuffer.wrap(good)).file()).isEqualTo(content);
        assertThatThrownBy(() -> problem(good)).isInstanceOf(AssertionError.class);
    }
}
