package dev.race.codegen.elf;

/**
 * The output-file constants of the System V gABI ("Program Header", "Symbol Table") that the relocatable
 * readers in race-format do not need, plus the GNU stack marker. Shared by the executable and the relocatable
 * writers.
 */
public final class ExecElf {
    private ExecElf() {
    }

    /** e_type of a fixed-address (non-PIE) executable. */
    public static final int ET_EXEC = 2;

    public static final int PT_LOAD = 1;
    public static final int PT_NOTE = 4;
    /** The program header table itself (gABI): libcs find it through AT_PHDR, which the kernel derives from it. */
    public static final int PT_PHDR = 6;
    /** GNU extension: its p_flags give the stack's permissions; without it the kernel may map the stack RWX. */
    public static final int PT_GNU_STACK = 0x6474e551;

    public static final int PF_X = 0x1;
    public static final int PF_W = 0x2;
    public static final int PF_R = 0x4;

    public static final int STB_LOCAL = 0;
    public static final int STB_GLOBAL = 1;
    public static final int STB_WEAK = 2;

    public static final int STT_NOTYPE = 0;
    public static final int STT_OBJECT = 1;
    public static final int STT_FUNC = 2;
    public static final int STT_SECTION = 3;
    public static final int STT_FILE = 4;
    /** Thread-local data: st_value is an offset in the TLS template (sections with SHF_TLS). */
    public static final int STT_TLS = 6;
    /** A GNU indirect function: its value is a resolver that returns the function's address (STT_LOOS). */
    public static final int STT_GNU_IFUNC = 10;

    /** st_other's low two bits (gABI "Symbol Visibility"). */
    public static final int STV_DEFAULT = 0;
    public static final int STV_INTERNAL = 1;
    public static final int STV_HIDDEN = 2;
    public static final int STV_PROTECTED = 3;
}
