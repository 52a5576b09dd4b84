package dev.race.format.elf;

/**
 * ELF constants used by the readers, from the System V gABI ("Object Files" chapter, ELF-64 Object File Format
 * 1.5) and the GNU extensions that compilers emit into relocatable objects.
 */
public final class Elf {
    private Elf() {
    }

    public static final int EM_X86_64 = 62;
    public static final int EM_AARCH64 = 183;

    // e_type
    public static final int ET_REL = 1;

    // section types (sh_type)
    public static final int SHT_NULL = 0;
    public static final int SHT_PROGBITS = 1;
    public static final int SHT_SYMTAB = 2;
    public static final int SHT_STRTAB = 3;
    public static final int SHT_RELA = 4;
    public static final int SHT_HASH = 5;
    public static final int SHT_DYNAMIC = 6;
    public static final int SHT_NOTE = 7;
    public static final int SHT_NOBITS = 8;
    public static final int SHT_REL = 9;
    public static final int SHT_DYNSYM = 11;
    public static final int SHT_INIT_ARRAY = 14;
    public static final int SHT_FINI_ARRAY = 15;
    public static final int SHT_PREINIT_ARRAY = 16;
    public static final int SHT_GROUP = 17;
    public static final int SHT_SYMTAB_SHNDX = 18;
    public static final int SHT_LLVM_ADDRSIG = 0x6fff4c03;
    public static final int SHT_GNU_ATTRIBUTES = 0x6ffffff5;
    /** x86-64 psABI: unwind table (rustc/LLVM label .eh_frame with it). */
    public static final int SHT_X86_64_UNWIND = 0x70000001;
    /** AAELF64: build attributes. */
    public static final int SHT_AARCH64_ATTRIBUTES = 0x70000003;

    // section flags (sh_flags)
    public static final long SHF_WRITE = 0x1;
    public static final long SHF_ALLOC = 0x2;
    public static final long SHF_EXECINSTR = 0x4;
    public static final long SHF_MERGE = 0x10;
    public static final long SHF_STRINGS = 0x20;
    public static final long SHF_INFO_LINK = 0x40;
    public static final long SHF_LINK_ORDER = 0x80;
    public static final long SHF_OS_NONCONFORMING = 0x100;
    public static final long SHF_GROUP = 0x200;
    public static final long SHF_TLS = 0x400;
    public static final long SHF_COMPRESSED = 0x800;
    public static final long SHF_GNU_RETAIN = 0x200000;
    public static final long SHF_EXCLUDE = 0x80000000L;

    // special section indices
    public static final int SHN_UNDEF = 0;
    public static final int SHN_LORESERVE = 0xff00;
    public static final int SHN_ABS = 0xfff1;
    public static final int SHN_COMMON = 0xfff2;
    public static final int SHN_XINDEX = 0xffff;

    /** Section group flag: keep one group of this signature per link (gABI "Section Groups"). */
    public static final int GRP_COMDAT = 0x1;

    /** The readelf-style name of a section type, e.g. {@code PROGBITS}; machine-specific types need the machine. */
    /** A section's sh_flags as readelf's key letters (W A X M S I L O G T C R E), unknown bits as +0x... */
    public static String sectionFlagLetters(long f) {
        long[] bits = {SHF_WRITE, SHF_ALLOC, SHF_EXECINSTR, SHF_MERGE, SHF_STRINGS,
                SHF_INFO_LINK, SHF_LINK_ORDER, SHF_OS_NONCONFORMING, SHF_GROUP, SHF_TLS,
                SHF_COMPRESSED, SHF_GNU_RETAIN, SHF_EXCLUDE};
        String letters = "WAXMSILOGTCRE";
        StringBuilder b = new StringBuilder();
        long rest = f;
        for (int i = 0; i < bits.length; i++) {
            if ((f & bits[i]) != 0) {
                b.append(letters.charAt(i));
                rest &= ~bits[i];
            }
        }
        if (rest != 0) {
            b.append("+0x").append(Long.toHexString(rest));
        }
        return b.toString();
    }

    public static String sectionTypeName(int machine, int type) {
        return switch (type) {
            case SHT_NULL -> "NULL";
            case SHT_PROGBITS -> "PROGBITS";
            case SHT_SYMTAB -> "SYMTAB";
            case SHT_STRTAB -> "STRTAB";
            case SHT_RELA -> "RELA";
            case SHT_HASH -> "HASH";
            case SHT_DYNAMIC -> "DYNAMIC";
            case SHT_NOTE -> "NOTE";
            case SHT_NOBITS -> "NOBITS";
            case SHT_REL -> "REL";
            case SHT_DYNSYM -> "DYNSYM";
            case SHT_INIT_ARRAY -> "INIT_ARRAY";
            case SHT_FINI_ARRAY -> "FINI_ARRAY";
            case SHT_PREINIT_ARRAY -> "PREINIT_ARRAY";
            case SHT_GROUP -> "GROUP";
            case SHT_SYMTAB_SHNDX -> "SYMTAB SECTION INDICES";
            case SHT_LLVM_ADDRSIG -> "LLVM_ADDRSIG";
            case SHT_GNU_ATTRIBUTES -> "GNU_ATTRIBUTES";
            default -> {
                if (machine == EM_X86_64 && type == SHT_X86_64_UNWIND) {
                    yield "X86_64_UNWIND";
                }
                if (machine == EM_AARCH64 && type == SHT_AARCH64_ATTRIBUTES) {
                    yield "AARCH64_ATTRIBUTES";
                }
                yield String.format("0x%x", type);
            }
        };
    }

    public static String machineName(int machine) {
        return switch (machine) {
            case EM_X86_64 -> "x86-64";
            case EM_AARCH64 -> "AArch64";
            default -> "machine " + machine;
        };
    }
}
