package dev.race.format.rcrate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bytes follow docs/rcrate-format.md, and depend on nothing but the content. */
class RcrateLayoutTest {

    @Test
    void equalContentGivesEqualBytes(@TempDir Path dir) throws Exception {
        for (long seed = 0; seed < 50; seed++) {
            RcrateFile a = SyntheticRcrates.generate(seed);
            RcrateFile b = SyntheticRcrates.generate(seed);
            assertThat(a).isNotSameAs(b);
            assertThat(RcrateWriter.write(a)).isEqualTo(RcrateWriter.write(b));
        }
        // the same content held differently: section bytes in direct buffers at a non-zero position
        RcrateFile a = SyntheticRcrates.generate(7);
        List<RSection> moved = new ArrayList<>();
        for (RSection s : a.sections()) {
            ByteBuffer d = ByteBuffer.allocateDirect(s.data().remaining() + 5);
            d.position(5);
            d.put(s.bytes()).position(5);
            moved.add(new RSection(s.origin(), s.name(), s.type(), s.flags(), s.align(), s.entsize(), s.size(),
                    d.slice(), s.group()));
        }
        RcrateFile b = new RcrateFile(a.target(), a.crate(), a.imports(), a.objects(), moved, a.groups(),
                a.symbols(), a.relocations(), a.queries());
        assertThat(RcrateWriter.write(b)).isEqualTo(RcrateWriter.write(a));

        Path one = dir.resolve("one.rcrate");
        Path two = dir.resolve("two.rcrate");
        RcrateWriter.writeAtomically(one, a);
        RcrateWriter.writeAtomically(two, b);
        RcrateWriter.writeAtomically(two, b);              // overwriting in place
        assertThat(Files.readAllBytes(one)).isEqualTo(Files.readAllBytes(two));
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactlyInAnyOrder(one, two);   // no temporary file left
        }
    }

    @Test
    void headerTableAndCodeFollowTheSpec() {
        RcrateFile f = SyntheticRcrates.generate(3);
        RawRcrate raw = new RawRcrate(RcrateWriter.write(f));
        assertThat(Arrays.copyOf(raw.bytes, 8)).isEqualTo("RCRATE\0\0".getBytes(StandardCharsets.US_ASCII));
        assertThat(raw.b.getShort(8)).isEqualTo((short) 1);
        assertThat(raw.b.getShort(12)).isEqualTo((short) f.target().elfMachine());
        assertThat(raw.b.getLong(0x20)).isEqualTo(f.crate().version().major());
        int nameLength = raw.b.getShort(0x38);
        assertThat(new String(raw.bytes, 0x40, nameLength, StandardCharsets.UTF_8)).isEqualTo(f.crate().name());
        assertThat(raw.tableOffset() % 8).isZero();
        assertThat(raw.tableCount()).isEqualTo(10);
        for (int k = 1; k <= 10; k++) {
            assertThat(raw.b.getInt(raw.tableOffset() + 32 * (k - 1))).isEqualTo(k);
            assertThat(raw.b.getInt(raw.entry(k) + 4)).as("REQUIRED").isEqualTo(1);
            assertThat(raw.offset(k) % 16).isZero();
        }
        // every non-NOBITS section's bytes sit at a 16-aligned file offset, where the descriptor says
        int meta = raw.offset(RcrateFormat.SECTIONS);
        int code = raw.offset(RcrateFormat.CODE);
        assertThat(raw.b.getInt(meta)).isEqualTo(f.sections().size());
        for (int i = 0; i < f.sections().size(); i++) {
            int d = meta + 4 + 56 * i;
            RSection s = f.sections().get(i);
            assertThat(raw.b.getInt(d + 8)).isEqualTo(s.type());
            assertThat(raw.b.getLong(d + 40)).isEqualTo(s.size());
            long at = code + raw.b.getLong(d + 48);
            if (s.isNobits()) {
                assertThat(raw.b.getLong(d + 48)).isZero();
                continue;
            }
            assertThat(at % 16).isZero();
            assertThat(ByteBuffer.wrap(raw.bytes, (int) at, (int) s.size())).isEqualTo(s.bytes());
        }
    }

    @Test
    void writerRefusesWhatTheReaderWouldRefuse() {
        RcrateFile f = SyntheticRcrates.generate(11);
        RRelocations r = f.relocations();
        int n = r.count();
        int[] symbol = new int[n];
        int[] section = new int[n];
        long[] offset = new long[n];
        int[] type = new int[n];
        long[] addend = new long[n];
        int[] query = new int[n];
        for (int i = 0; i < n; i++) {
            section[i] = r.section(i);
            offset[i] = r.offset(i);
            type[i] = r.type(i);
            symbol[i] = r.symbol(i);
            addend[i] = r.addend(i);
            query[i] = r.query(i);
        }
        symbol[0] = f.symbols().count();
        RcrateFile bad = new RcrateFile(f.target(), f.crate(), f.imports(), f.objects(), f.sections(), f.groups(),
                f.symbols(), new RRelocations(section, offset, type, symbol, addend, query), f.queries());
        assertThatThrownBy(() -> RcrateWriter.write(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("relocation 0: symbol " + f.symbols().count() + " out of range");
    }
}
