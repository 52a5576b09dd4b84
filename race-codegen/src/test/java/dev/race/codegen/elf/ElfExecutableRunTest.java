package dev.race.codegen.elf;

import dev.race.format.elf.Elf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writes the hello program for each machine, runs it (natively, or under qemu-aarch64) and inspects it with
 * readelf, objdump and gdb: the file must be both loadable and readable by the standard tools.
 */
class ElfExecutableRunTest {
    private static final Pattern LOAD = Pattern.compile(
            "^\\s*LOAD\\s+0x(\\p{XDigit}+)\\s+0x(\\p{XDigit}+)\\s+0x\\p{XDigit}+\\s+0x(\\p{XDigit}+)"
                    + "\\s+0x(\\p{XDigit}+)\\s+([RWE ]{3})\\s+0x(\\p{XDigit}+)\\s*$", Pattern.MULTILINE);

    private record Load(long offset, long vaddr, long filesz, long memsz, String flags, long align) {
    }

    @TempDir
    Path dir;

    @Test
    void x86_64HelloRunsAndReportsItsCounters() throws IOException {
        byte[] text = Tools.assembleText(dir, HelloImages.x86_64Source(HelloImages.X86_64), "as", "--64");
        Path exe = writeExecutable(HelloImages.image(Elf.EM_X86_64, HelloImages.X86_64, text));

        Tools.Result r = Tools.exec(dir, exe.toString());
        assertThat(r.output()).isEqualTo("hello\n");
        assertThat(r.exitCode()).isEqualTo(HelloImages.EXPECTED_EXIT);

        checkReadelf(exe, "X86-64", 0x1000, HelloImages.X86_64);
        String dis = Tools.run(dir, "objdump", "-d", exe.toString());
        assertThat(dis).contains("0000000000401000 <_start>:").contains("syscall")
                .contains("mov    $0x402000,%esi");

        String gdb = Tools.run(dir, "gdb", "-nx", "-batch", "-ex", "info symbol 0x401005", "-ex", "x/s &msg",
                "-ex", "info files", exe.toString());
        assertThat(gdb).contains("_start + 5 in section .text").contains("\"hello\\n\"")
                .contains("Entry point: 0x401000");
    }

    @Test
    void aarch64HelloRunsUnderQemu() throws IOException {
        byte[] text = Tools.assembleText(dir, HelloImages.aarch64Source(HelloImages.AARCH64),
                "aarch64-linux-gnu-as");
        Path exe = writeExecutable(HelloImages.image(Elf.EM_AARCH64, HelloImages.AARCH64, text));

        Tools.Result r = Tools.exec(dir, "qemu-aarch64", exe.toString());
        assertThat(r.output()).isEqualTo("hello\n");
        assertThat(r.exitCode()).isEqualTo(HelloImages.EXPECTED_EXIT);

        checkReadelf(exe, "AArch64", 0x10000, HelloImages.AARCH64);
        String dis = Tools.run(dir, "aarch64-linux-gnu-objdump", "-d", exe.toString());
        assertThat(dis).contains("0000000000410000 <_start>:").contains("svc\t#0x0");
    }

    @Test
    void noteSectionGetsAPtNoteAndStillRuns() throws IOException {
        byte[] text = Tools.assembleText(dir, HelloImages.x86_64Source(HelloImages.X86_64), "as", "--64");
        ExecImage hello = HelloImages.image(Elf.EM_X86_64, HelloImages.X86_64, text);
        // gABI note: namesz, descsz, type, "RACE\0" padded to 4, then a 4-byte descriptor.
        ByteBuffer note = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putInt(5).putInt(4).putInt(1)
                .put("RACE\0\0\0\0".getBytes(StandardCharsets.US_ASCII)).putInt(0x2a);
        List<OutputSection> sections = new ArrayList<>(hello.sections());
        sections.add(OutputSection.withBytes(".note.race", Elf.SHT_NOTE, Elf.SHF_ALLOC, HelloImages.X86_64.rodata()
                + 8, 4, note.array()));
        Path exe = writeExecutable(new ExecImage(Elf.EM_X86_64, hello.entry(), hello.pageSize(), sections,
                hello.symbols()));

        Tools.Result r = Tools.exec(dir, exe.toString());
        assertThat(r.output()).isEqualTo("hello\n");
        assertThat(r.exitCode()).isEqualTo(HelloImages.EXPECTED_EXIT);
        String out = Tools.run(dir, "readelf", "-lnW", exe.toString());
        assertThat(out).doesNotContainIgnoringCase("warning")
                .containsPattern("NOTE\\s+0x002008\\s+0x0+402008\\s+0x0+402008\\s+0x000018\\s+0x000018\\s+R\\s+0x4")
                .containsPattern("RACE\\s+0x00000004\\s");
    }

    private Path writeExecutable(ExecImage image) throws IOException {
        Path exe = dir.resolve("hello");
        Files.write(exe, ElfExecutableWriter.write(image));
        Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
        return exe;
    }

    private void checkReadelf(Path exe, String machine, long page, HelloImages.Layout l) throws IOException {
        String out = Tools.run(dir, "readelf", "-hlSs", "-W", exe.toString());
        assertThat(out).doesNotContainIgnoringCase("warning").doesNotContainIgnoringCase("error");
        assertThat(out).contains("Type:                              EXEC (Executable file)")
                .containsPattern("Machine:\\s+.*" + machine + "\\n")
                .contains(String.format("Entry point address:               0x%x", l.text()));

        List<Load> loads = new ArrayList<>();
        Matcher m = LOAD.matcher(out);
        while (m.find()) {
            loads.add(new Load(Long.parseLong(m.group(1), 16), Long.parseLong(m.group(2), 16),
                    Long.parseLong(m.group(3), 16), Long.parseLong(m.group(4), 16), m.group(5).trim(),
                    Long.parseLong(m.group(6), 16)));
        }
        // first the headers (file offset 0, one page below the code, so that AT_PHDR points at them), then the sections
        assertThat(loads).extracting(Load::flags).containsExactly("R", "R E", "R", "RW");
        long headers = (l.text() & -page) - page;
        assertThat(loads).extracting(Load::vaddr).containsExactly(headers, l.text(), l.rodata(), l.data());
        assertThat(loads.get(0).offset()).isZero();
        assertThat(out).containsPattern("PHDR\\s+0x0+40\\s+0x0*" + Long.toHexString(headers + 0x40) + "\\s");
        for (Load load : loads) {
            assertThat(load.align()).isEqualTo(page);
            assertThat(load.offset() % page).isEqualTo(load.vaddr() % page);
        }
        Load rw = loads.get(3);
        assertThat(rw.filesz()).isEqualTo(8);
        assertThat(rw.memsz()).isEqualTo(16); // .data + .bss
        assertThat(out).containsPattern("GNU_STACK\\s+(0x0+\\s+){5}RW\\s");

        assertThat(out).containsPattern("\\.text\\s+PROGBITS\\s+0*" + Long.toHexString(l.text()) + "\\s.*\\sAX\\s")
                .containsPattern("\\.bss\\s+NOBITS\\s+0*" + Long.toHexString(l.bss()) + "\\s.*\\sWA\\s")
                .contains(".strtab").contains(".shstrtab");
        // .symtab: entsize 0x18, sh_link = .strtab (index 6), sh_info = first global = 1 + three locals.
        assertThat(out).containsPattern("\\.symtab\\s+SYMTAB\\s+0+\\s+\\p{XDigit}+\\s+0+90\\s+18\\s+6\\s+4\\s+8");

        Matcher sym = Pattern.compile("^\\s+(\\d+): (\\p{XDigit}{16})\\s+(\\d+)\\s+(\\w+)\\s+(\\w+)\\s+\\w+\\s+"
                + "(\\w+)\\s+(\\S+)$", Pattern.MULTILINE).matcher(out);
        List<String> rows = new ArrayList<>();
        while (sym.find()) {
            if (!sym.group(1).equals("0")) {
                rows.add(sym.group(7) + " " + sym.group(5) + " " + sym.group(4) + " " + sym.group(6) + " "
                        + Long.parseLong(sym.group(2), 16));
            }
        }
        assertThat(rows).containsExactly(
                "msg LOCAL OBJECT 2 " + l.rodata(),
                "scratch LOCAL OBJECT 4 " + l.bss(),
                "layout_marker LOCAL NOTYPE ABS 42",
                "_start GLOBAL FUNC 1 " + l.text(),
                "counter GLOBAL OBJECT 3 " + l.data());
    }
}
