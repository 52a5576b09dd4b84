package dev.race.link.pipeline;

import java.util.concurrent.TimeUnit;

/** The AArch64 cross toolchain and emulator the AArch64 end-to-end tests use. */
final class AArch64Tools {
    static final String GCC = "aarch64-linux-gnu-gcc";

    private AArch64Tools() {
    }

    /** Fails the test, naming the tools, when the cross compiler or qemu is missing (CI installs them). */
    static void require() {
        if (!available()) {
            throw new AssertionError("aarch64-linux-gnu-gcc and qemu-aarch64 are needed (CI installs them: .ci/run)");
        }
    }

    static boolean available() {
        return works(GCC, "--version") && works("qemu-aarch64", "--version");
    }

    private static boolean works(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
