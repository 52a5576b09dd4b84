package dev.race.codegen.elf;

import java.util.Objects;

/**
 * One entry of the output {@code .symtab}.
 *
 * @param name    symbol name (non-empty)
 * @param value   its final address, or the absolute value when {@code section} is {@link #ABS}
 * @param size    st_size in bytes
 * @param type    STT_NOTYPE, STT_OBJECT, STT_FUNC or STT_FILE ({@link ExecElf})
 * @param binding STB_LOCAL, STB_GLOBAL or STB_WEAK
 * @param section index into the image's section list (0-based), or {@link #ABS}
 */
public record OutputSymbol(String name, long value, long size, int type, int binding, int section) {
    /** The symbol is absolute: not relative to any section (st_shndx = SHN_ABS). */
    public static final int ABS = -1;

    public OutputSymbol {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new ElfOutputException("a symbol needs a name");
        }
        if (binding != ExecElf.STB_LOCAL && binding != ExecElf.STB_GLOBAL && binding != ExecElf.STB_WEAK) {
            throw new ElfOutputException("symbol " + name + ": unknown binding " + binding);
        }
        if (type < 0 || type > 15) {
            throw new ElfOutputException("symbol " + name + ": unknown type " + type);
        }
    }

    public boolean isLocal() {
        return binding == ExecElf.STB_LOCAL;
    }
}
