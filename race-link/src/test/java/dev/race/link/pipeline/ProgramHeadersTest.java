package dev.race.link.pipeline;

import dev.race.link.LinkResult;
import dev.race.link.testing.Workspace;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static dev.race.link.testing.Workspace.rendered;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A libc's start-up finds the program headers through the auxiliary vector's AT_PHDR (musl's {@code __init_tls}
 * walks them for PT_TLS; issue 15 found it crashing on RACE's executables, whose headers were not mapped, so the
 * kernel passed a pointer to nothing). The program here does what such start-up code does: it reads AT_PHDR,
 * AT_PHNUM and AT_PHENT from the auxiliary vector and checks that the table there is this program's own — a
 * PT_PHDR entry whose address is AT_PHDR, and PT_LOADs covering {@code _start} and its own data. Natively on
 * x86-64 and under qemu-aarch64.
 */
class ProgramHeadersTest {
    static final String PROGRAM = """
            #include <stdint.h>
            #include <stddef.h>
            typedef struct { uint32_t p_type, p_flags; uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align; } phdr;
            void print_str(const char *s);
            void print_num(long v);
            static int marker = 7;
            long check(long *sp) {
                long argc = sp[0];
                long *p = sp + 1 + argc + 1;          /* past argv and its NULL */
                while (*p) p++;                        /* past envp */
                p++;
                uint64_t at_phdr = 0, at_phnum = 0, at_phent = 0, at_entry = 0;
                for (; p[0] != 0; p += 2) {
                    if (p[0] == 3) at_phdr = p[1];
                    if (p[0] == 4) at_phent = p[1];
                    if (p[0] == 5) at_phnum = p[1];
                    if (p[0] == 9) at_entry = p[1];
                }
                if (at_phdr == 0 || at_phent != sizeof(phdr)) { print_str("no AT_PHDR\\n"); return 1; }
                const phdr *ph = (const phdr *)at_phdr;
                int self = 0, code = 0, data = 0;
                for (uint64_t i = 0; i < at_phnum; i++) {
                    if (ph[i].p_type == 6 && ph[i].p_vaddr == at_phdr && ph[i].p_memsz == at_phnum * sizeof(phdr)) self = 1;
                    if (ph[i].p_type == 1 && at_entry >= ph[i].p_vaddr && at_entry < ph[i].p_vaddr + ph[i].p_memsz) code = 1;
                    if (ph[i].p_type == 1 && (uint64_t)&marker >= ph[i].p_vaddr
                            && (uint64_t)&marker < ph[i].p_vaddr + ph[i].p_memsz && (ph[i].p_flags & 2)) data = 1;
                }
                print_str("phnum "); print_num((long)at_phnum);
                print_str(self ? "PT_PHDR at AT_PHDR\\n" : "no PT_PHDR at AT_PHDR\\n");
                print_str(code ? "entry in a PT_LOAD\\n" : "entry outside\\n");
                print_str(data ? "data in a writable PT_LOAD\\n" : "data outside\\n");
                return self && code && data && marker == 7 ? 0 : 2;
            }
            #if defined(__x86_64__)
            __asm__(".globl _start\\n_start:\\n mov %rsp, %rdi\\n and $-16, %rsp\\n call check\\n"
                    " mov %eax, %edi\\n mov $60, %eax\\n syscall\\n");
            #else
            __asm__(".globl _start\\n_start:\\n mov x0, sp\\n bl check\\n mov x8, #93\\n svc #0\\n");
            #endif
            """;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"x86_64", "aarch64"})
    void atPhdrPointsAtTheProgramsOwnHeaders(String target, @TempDir Path tmp) throws Exception {
        boolean a64 = target.equals("aarch64");
        if (a64) AArch64Tools.require();
        Workspace ws = new Workspace(tmp);
        String cc = a64 ? AArch64Tools.GCC : "gcc";
        List<String> flags = List.of("-O2", "-fno-pic", "-ffreestanding", "-fno-stack-protector",
                "-fno-asynchronous-unwind-tables", "-fno-builtin");
        String runtime = Workspace.RUNTIME_C.replaceAll("(?s)int main\\(void\\);.*", "");
        Path rt = ws.cc(cc, "runtime", runtime, flags);
        Path prog = ws.cc(cc, "phdr", PROGRAM, flags);
        Path crate = ws.pack("phdr.rcrate", ws.write("p.steg", "crate p 1.0.0;\n"), List.of(), rt, prog);
        LinkResult r = ws.link("phdr", crate);
        assertThat(r.errors()).as(rendered(r)).isEmpty();
        Workspace.Ran ran = a64 ? ws.run(tmp.resolve("phdr"), "qemu-aarch64") : ws.run(tmp.resolve("phdr"));
        assertThat(ran.out()).contains("PT_PHDR at AT_PHDR\nentry in a PT_LOAD\ndata in a writable PT_LOAD\n");
        assertThat(ran.code()).isZero();
        String headers = ws.exec(a64 ? "aarch64-linux-gnu-readelf" : "readelf", "-lW", tmp.resolve("phdr").toString());
        assertThat(headers).containsPattern("PHDR +0x0+40 ").containsPattern("LOAD +0x0+ ");
    }
}
