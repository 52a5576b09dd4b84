package dev.race.format.rcrate;

import java.util.Locale;

/** The machine an .rcrate's code is for, with its ELF {@code e_machine} value. */
public enum RcrateTarget {
    X86_64("x86_64", 62), AARCH64("aarch64", 183);

    private final String cliName;
    private final int elfMachine;

    RcrateTarget(String cliName, int elfMachine) {
        this.cliName = cliName;
        this.elfMachine = elfMachine;
    }

    public String cliName() {
        return cliName;
    }

    public int elfMachine() {
        return elfMachine;
    }

    /** "x86_64" / "aarch64" (also "x86-64", "arm64"); null when unknown. */
    public static RcrateTarget byName(String name) {
        String n = name.toLowerCase(Locale.ROOT).replace('-', '_');
        if (n.equals("arm64")) n = "aarch64";
        for (RcrateTarget t : values()) {
            if (t.cliName.equals(n)) return t;
        }
        return null;
    }

    /** null when the machine is not supported. */
    public static RcrateTarget byElfMachine(int machine) {
        for (RcrateTarget t : values()) {
            if (t.elfMachine == machine) return t;
        }
        return null;
    }
}
