package dev.race.codegen.elf;

import java.util.Objects;

/**
 * One entry of a relocatable object's {@code .symtab} (gABI "Symbol Table"). Unlike an executable's symbols, the
 * value of a section-relative symbol is an offset inside its section, not an address.
 *
 * @param name       symbol name; only a section symbol (STT_SECTION) may have an empty one
 * @param value      offset in its section; for {@link #COMMON} the required alignment; for {@link #ABS} the value
 * @param size       st_size in bytes
 * @param type       STT_NOTYPE, STT_OBJECT, STT_FUNC, STT_SECTION, STT_FILE, STT_TLS or STT_GNU_IFUNC ({@link ExecElf})
 * @param binding    STB_LOCAL, STB_GLOBAL or STB_WEAK
 * @param visibility STV_DEFAULT, STV_INTERNAL, STV_HIDDEN or STV_PROTECTED
 * @param section    index into {@link RelImage#sections()} (0-based), or {@link #UNDEF}, {@link #ABS}, {@link #COMMON}
 */
public record RelSymbol(String name, long value, long size, int type, int binding, int visibility, int section) {
    /** Not defined here: the next linker must find it elsewhere (st_shndx = SHN_UNDEF). */
    public static final int UNDEF = -1;
    /** An absolute value, not relative to any section (SHN_ABS). */
    public static final int ABS = -2;
    /** A tentative definition (SHN_COMMON): the next linker allocates {@code size} bytes aligned to {@code value}. */
    public static final int COMMON = -3;

    public RelSymbol {
        Objects.requireNonNull(name, "name");
        String what = name.isEmpty() ? "section symbol" : "symbol " + name;
        if (name.indexOf('\0') >= 0) {
            // ELF string tables are NUL-terminated: the name would be cut short.
            throw new ElfOutputException("symbol " + name.replace("\0", "\\0") + ": name contains a NUL character");
        }
        if (type != ExecElf.STT_NOTYPE && type != ExecElf.STT_OBJECT && type != ExecElf.STT_FUNC
                && type != ExecElf.STT_SECTION && type != ExecElf.STT_FILE && type != ExecElf.STT_TLS
                && type != ExecElf.STT_GNU_IFUNC) {
            throw new ElfOutputException(what + ": unknown type " + type);
        }
        if (name.isEmpty() && type != ExecElf.STT_SECTION) {
            throw new ElfOutputException("a symbol of type " + type + " needs a name (only section symbols may have "
                    + "empty names)");
        }
        if (binding != ExecElf.STB_LOCAL && binding != ExecElf.STB_GLOBAL && binding != ExecElf.STB_WEAK) {
            throw new ElfOutputException(what + ": unknown binding " + binding);
        }
        if (visibility < ExecElf.STV_DEFAULT || visibility > ExecElf.STV_PROTECTED) {
            throw new ElfOutputException(what + ": unknown visibility " + visibility);
        }
        if (section < COMMON) {
            throw new ElfOutputException(what + ": section index " + section + " is neither a section nor UNDEF, "
                    + "ABS or COMMON");
        }
        if (size < 0) {
            throw new ElfOutputException(what + ": negative size " + size);
        }
        if (type == ExecElf.STT_SECTION && (section < 0 || binding != ExecElf.STB_LOCAL)) {
            throw new ElfOutputException(what + ": a section symbol must be local and name a section");
        }
        if (type == ExecElf.STT_FILE && (section != ABS || binding != ExecElf.STB_LOCAL)) {
            throw new ElfOutputException(what + ": a file symbol must be local and absolute");
        }
        if (section == COMMON && (binding == ExecElf.STB_LOCAL || value < 1 || Long.bitCount(value) != 1)) {
            throw new ElfOutputException(what + ": a common symbol must be global or weak, with a power-of-two "
                    + "alignment as its value (got " + value + ")");
        }
        // gABI: an undefined local could never be resolved; GNU ld rejects it.
        if (section == UNDEF && binding == ExecElf.STB_LOCAL) {
            throw new ElfOutputException(what + " is undefined but local; it could never be resolved");
        }
    }

    public boolean isLocal() {
        return binding == ExecElf.STB_LOCAL;
    }

    /** A global defined in a section: value is an offset in {@code section}. */
    public static RelSymbol global(String name, int section, long value, long size, int type) {
        return new RelSymbol(name, value, size, type, ExecElf.STB_GLOBAL, ExecElf.STV_DEFAULT, section);
    }

    /** An undefined global reference, e.g. to {@code printf}. */
    public static RelSymbol undefined(String name) {
        return new RelSymbol(name, 0, 0, ExecElf.STT_NOTYPE, ExecElf.STB_GLOBAL, ExecElf.STV_DEFAULT, UNDEF);
    }

    /** The local STT_SECTION symbol of {@code section}, what relocations against local data usually name. */
    public static RelSymbol ofSection(int section) {
        return new RelSymbol("", 0, 0, ExecElf.STT_SECTION, ExecElf.STB_LOCAL, ExecElf.STV_DEFAULT, section);
    }
}
