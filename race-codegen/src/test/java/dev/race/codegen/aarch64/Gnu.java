package dev.race.codegen.aarch64;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The GNU AArch64 binutils as oracles: aarch64-linux-gnu-as, -objcopy, -objdump and -ld. */
final class Gnu {
    static final String AS = "aarch64-linux-gnu-as";
    private static final Pattern INSN = Pattern.compile("^\\s*([0-9a-f]+):\\s+([0-9a-f]{8})\\s+(.*)$");
    private static int counter;

    private Gnu() {
    }

    static boolean available() {
        try {
            return run(Path.of(System.getProperty("java.io.tmpdir")), AS, "--version").contains("GNU");
        } catch (IOException e) {
            return false;
        }
    }

    /** Assembles {@code source}; returns the object. */
    static synchronized Path assemble(Path dir, String source) throws IOException {
        int n = counter++;
        Path s = dir.resolve("t" + n + ".s");
        Path o = dir.resolve("t" + n + ".o");
        Files.writeString(s, source + "\n");
        run(dir, AS, s.toString(), "-o", o.toString());
        return o;
    }

    /** The .text bytes GNU as makes of {@code source} (fields it relocates left zero). */
    static byte[] text(Path dir, String source) throws IOException {
        Path o = assemble(dir, source);
        Path bin = dir.resolve(o.getFileName() + ".bin");
        run(dir, "aarch64-linux-gnu-objcopy", "-O", "binary", "-j", ".text", o.toString(), bin.toString());
        return Files.readAllBytes(bin);
    }

    /** objdump -d of {@code code} placed at address 0: one "mnemonic operands" line per word, comments cut. */
    static List<String> disassemble(Path dir, byte[] code) throws IOException {
        StringBuilder src = new StringBuilder();
        for (int i = 0; i + 4 <= code.length; i += 4) {
            int w = (code[i] & 0xff) | (code[i + 1] & 0xff) << 8 | (code[i + 2] & 0xff) << 16
                    | (code[i + 3] & 0xff) << 24;
            src.append(String.format(".inst 0x%08x%n", w));
        }
        Path o = assemble(dir, src.toString());
        List<String> out = new ArrayList<>();
        for (String line : run(dir, "aarch64-linux-gnu-objdump", "-d", o.toString()).split("\n")) {
            Matcher m = INSN.matcher(line);
            if (m.matches()) {
                String text = m.group(3);
                int cut = text.indexOf("//");
                text = cut >= 0 ? text.substring(0, cut) : text;
                cut = text.indexOf(" <");
                text = cut >= 0 ? text.substring(0, cut) : text;
                out.add(text.trim().replaceAll("\\s+", " "));
            }
        }
        return out;
    }

    static String run(Path dir, String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed:\n" + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return out;
    }
}
