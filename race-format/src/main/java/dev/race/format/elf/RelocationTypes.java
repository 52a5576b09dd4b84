package dev.race.format.elf;

import java.util.Map;

import static java.util.Map.entry;

/**
 * Relocation type numbers and names per machine, for messages and for the importer's supported sets.
 * <ul>
 *   <li>x86-64: System V Application Binary Interface, AMD64 Architecture Processor Supplement (x86-64 psABI),
 *       section 4.4 "Relocation", table "Relocation Types" (plus R_X86_64_GOTPCRELX / REX_GOTPCRELX, added in
 *       psABI 1.0 for linker relaxation). Values 39 and 40 are reserved and unnamed.</li>
 *   <li>AArch64: ELF for the Arm 64-bit Architecture (AAELF64), section 5.7 "Relocation", tables "Static
 *       relocations" (257..313, TLS 512..573) and "Dynamic relocations" (1024..1032); R_AARCH64_NONE is 0.
 *       Only the LP64 (ELF64) numbering; the ILP32 R_AARCH64_P32_* set is not read.</li>
 * </ul>
 */
public final class RelocationTypes {
    private RelocationTypes() {
    }

    // x86-64 psABI 4.4
    public static final int R_X86_64_NONE = 0;
    public static final int R_X86_64_64 = 1;
    public static final int R_X86_64_PC32 = 2;
    public static final int R_X86_64_GOT32 = 3;
    public static final int R_X86_64_PLT32 = 4;
    public static final int R_X86_64_COPY = 5;
    public static final int R_X86_64_GLOB_DAT = 6;
    public static final int R_X86_64_JUMP_SLOT = 7;
    public static final int R_X86_64_RELATIVE = 8;
    public static final int R_X86_64_GOTPCREL = 9;
    public static final int R_X86_64_32 = 10;
    public static final int R_X86_64_32S = 11;
    public static final int R_X86_64_16 = 12;
    public static final int R_X86_64_PC16 = 13;
    public static final int R_X86_64_8 = 14;
    public static final int R_X86_64_PC8 = 15;
    public static final int R_X86_64_DTPMOD64 = 16;
    public static final int R_X86_64_DTPOFF64 = 17;
    public static final int R_X86_64_TPOFF64 = 18;
    public static final int R_X86_64_TLSGD = 19;
    public static final int R_X86_64_TLSLD = 20;
    public static final int R_X86_64_DTPOFF32 = 21;
    public static final int R_X86_64_GOTTPOFF = 22;
    public static final int R_X86_64_TPOFF32 = 23;
    public static final int R_X86_64_PC64 = 24;
    public static final int R_X86_64_GOTOFF64 = 25;
    public static final int R_X86_64_GOTPC32 = 26;
    public static final int R_X86_64_GOT64 = 27;
    public static final int R_X86_64_GOTPCREL64 = 28;
    public static final int R_X86_64_GOTPC64 = 29;
    public static final int R_X86_64_GOTPLT64 = 30;
    public static final int R_X86_64_PLTOFF64 = 31;
    public static final int R_X86_64_SIZE32 = 32;
    public static final int R_X86_64_SIZE64 = 33;
    public static final int R_X86_64_GOTPC32_TLSDESC = 34;
    public static final int R_X86_64_TLSDESC_CALL = 35;
    public static final int R_X86_64_TLSDESC = 36;
    public static final int R_X86_64_IRELATIVE = 37;
    public static final int R_X86_64_RELATIVE64 = 38;
    public static final int R_X86_64_GOTPCRELX = 41;
    public static final int R_X86_64_REX_GOTPCRELX = 42;

    // AAELF64 5.7
    public static final int R_AARCH64_NONE = 0;
    public static final int R_AARCH64_ABS64 = 257;
    public static final int R_AARCH64_ABS32 = 258;
    public static final int R_AARCH64_ABS16 = 259;
    public static final int R_AARCH64_PREL64 = 260;
    public static final int R_AARCH64_PREL32 = 261;
    public static final int R_AARCH64_PREL16 = 262;
    public static final int R_AARCH64_MOVW_UABS_G0 = 263;
    public static final int R_AARCH64_MOVW_UABS_G0_NC = 264;
    public static final int R_AARCH64_MOVW_UABS_G1 = 265;
    public static final int R_AARCH64_MOVW_UABS_G1_NC = 266;
    public static final int R_AARCH64_MOVW_UABS_G2 = 267;
    public static final int R_AARCH64_MOVW_UABS_G2_NC = 268;
    public static final int R_AARCH64_MOVW_UABS_G3 = 269;
    public static final int R_AARCH64_MOVW_SABS_G0 = 270;
    public static final int R_AARCH64_MOVW_SABS_G1 = 271;
    public static final int R_AARCH64_MOVW_SABS_G2 = 272;
    public static final int R_AARCH64_LD_PREL_LO19 = 273;
    public static final int R_AARCH64_ADR_PREL_LO21 = 274;
    public static final int R_AARCH64_ADR_PREL_PG_HI21 = 275;
    public static final int R_AARCH64_ADR_PREL_PG_HI21_NC = 276;
    public static final int R_AARCH64_ADD_ABS_LO12_NC = 277;
    public static final int R_AARCH64_LDST8_ABS_LO12_NC = 278;
    public static final int R_AARCH64_TSTBR14 = 279;
    public static final int R_AARCH64_CONDBR19 = 280;
    public static final int R_AARCH64_JUMP26 = 282;
    public static final int R_AARCH64_CALL26 = 283;
    public static final int R_AARCH64_LDST16_ABS_LO12_NC = 284;
    public static final int R_AARCH64_LDST32_ABS_LO12_NC = 285;
    public static final int R_AARCH64_LDST64_ABS_LO12_NC = 286;
    public static final int R_AARCH64_MOVW_PREL_G0 = 287;
    public static final int R_AARCH64_MOVW_PREL_G0_NC = 288;
    public static final int R_AARCH64_MOVW_PREL_G1 = 289;
    public static final int R_AARCH64_MOVW_PREL_G1_NC = 290;
    public static final int R_AARCH64_MOVW_PREL_G2 = 291;
    public static final int R_AARCH64_MOVW_PREL_G2_NC = 292;
    public static final int R_AARCH64_MOVW_PREL_G3 = 293;
    public static final int R_AARCH64_LDST128_ABS_LO12_NC = 299;
    public static final int R_AARCH64_MOVW_GOTOFF_G0 = 300;
    public static final int R_AARCH64_MOVW_GOTOFF_G0_NC = 301;
    public static final int R_AARCH64_MOVW_GOTOFF_G1 = 302;
    public static final int R_AARCH64_MOVW_GOTOFF_G1_NC = 303;
    public static final int R_AARCH64_MOVW_GOTOFF_G2 = 304;
    public static final int R_AARCH64_MOVW_GOTOFF_G2_NC = 305;
    public static final int R_AARCH64_MOVW_GOTOFF_G3 = 306;
    public static final int R_AARCH64_GOTREL64 = 307;
    public static final int R_AARCH64_GOTREL32 = 308;
    public static final int R_AARCH64_GOT_LD_PREL19 = 309;
    public static final int R_AARCH64_LD64_GOTOFF_LO15 = 310;
    public static final int R_AARCH64_ADR_GOT_PAGE = 311;
    public static final int R_AARCH64_LD64_GOT_LO12_NC = 312;
    public static final int R_AARCH64_LD64_GOTPAGE_LO15 = 313;
    public static final int R_AARCH64_TLSGD_ADR_PREL21 = 512;
    public static final int R_AARCH64_TLSGD_ADR_PAGE21 = 513;
    public static final int R_AARCH64_TLSGD_ADD_LO12_NC = 514;
    public static final int R_AARCH64_TLSGD_MOVW_G1 = 515;
    public static final int R_AARCH64_TLSGD_MOVW_G0_NC = 516;
    public static final int R_AARCH64_TLSLD_ADR_PREL21 = 517;
    public static final int R_AARCH64_TLSLD_ADR_PAGE21 = 518;
    public static final int R_AARCH64_TLSLD_ADD_LO12_NC = 519;
    public static final int R_AARCH64_TLSLD_MOVW_G1 = 520;
    public static final int R_AARCH64_TLSLD_MOVW_G0_NC = 521;
    public static final int R_AARCH64_TLSLD_LD_PREL19 = 522;
    public static final int R_AARCH64_TLSLD_MOVW_DTPREL_G2 = 523;
    public static final int R_AARCH64_TLSLD_MOVW_DTPREL_G1 = 524;
    public static final int R_AARCH64_TLSLD_MOVW_DTPREL_G1_NC = 525;
    public static final int R_AARCH64_TLSLD_MOVW_DTPREL_G0 = 526;
    public static final int R_AARCH64_TLSLD_MOVW_DTPREL_G0_NC = 527;
    public static final int R_AARCH64_TLSLD_ADD_DTPREL_HI12 = 528;
    public static final int R_AARCH64_TLSLD_ADD_DTPREL_LO12 = 529;
    public static final int R_AARCH64_TLSLD_ADD_DTPREL_LO12_NC = 530;
    public static final int R_AARCH64_TLSLD_LDST8_DTPREL_LO12 = 531;
    public static final int R_AARCH64_TLSLD_LDST8_DTPREL_LO12_NC = 532;
    public static final int R_AARCH64_TLSLD_LDST16_DTPREL_LO12 = 533;
    public static final int R_AARCH64_TLSLD_LDST16_DTPREL_LO12_NC = 534;
    public static final int R_AARCH64_TLSLD_LDST32_DTPREL_LO12 = 535;
    public static final int R_AARCH64_TLSLD_LDST32_DTPREL_LO12_NC = 536;
    public static final int R_AARCH64_TLSLD_LDST64_DTPREL_LO12 = 537;
    public static final int R_AARCH64_TLSLD_LDST64_DTPREL_LO12_NC = 538;
    public static final int R_AARCH64_TLSIE_MOVW_GOTTPREL_G1 = 539;
    public static final int R_AARCH64_TLSIE_MOVW_GOTTPREL_G0_NC = 540;
    public static final int R_AARCH64_TLSIE_ADR_GOTTPREL_PAGE21 = 541;
    public static final int R_AARCH64_TLSIE_LD64_GOTTPREL_LO12_NC = 542;
    public static final int R_AARCH64_TLSIE_LD_GOTTPREL_PREL19 = 543;
    public static final int R_AARCH64_TLSLE_MOVW_TPREL_G2 = 544;
    public static final int R_AARCH64_TLSLE_MOVW_TPREL_G1 = 545;
    public static final int R_AARCH64_TLSLE_MOVW_TPREL_G1_NC = 546;
    public static final int R_AARCH64_TLSLE_MOVW_TPREL_G0 = 547;
    public static final int R_AARCH64_TLSLE_MOVW_TPREL_G0_NC = 548;
    public static final int R_AARCH64_TLSLE_ADD_TPREL_HI12 = 549;
    public static final int R_AARCH64_TLSLE_ADD_TPREL_LO12 = 550;
    public static final int R_AARCH64_TLSLE_ADD_TPREL_LO12_NC = 551;
    public static final int R_AARCH64_TLSLE_LDST8_TPREL_LO12 = 552;
    public static final int R_AARCH64_TLSLE_LDST8_TPREL_LO12_NC = 553;
    public static final int R_AARCH64_TLSLE_LDST16_TPREL_LO12 = 554;
    public static final int R_AARCH64_TLSLE_LDST16_TPREL_LO12_NC = 555;
    public static final int R_AARCH64_TLSLE_LDST32_TPREL_LO12 = 556;
    public static final int R_AARCH64_TLSLE_LDST32_TPREL_LO12_NC = 557;
    public static final int R_AARCH64_TLSLE_LDST64_TPREL_LO12 = 558;
    public static final int R_AARCH64_TLSLE_LDST64_TPREL_LO12_NC = 559;
    public static final int R_AARCH64_TLSDESC_LD_PREL19 = 560;
    public static final int R_AARCH64_TLSDESC_ADR_PREL21 = 561;
    public static final int R_AARCH64_TLSDESC_ADR_PAGE21 = 562;
    public static final int R_AARCH64_TLSDESC_LD64_LO12 = 563;
    public static final int R_AARCH64_TLSDESC_ADD_LO12 = 564;
    public static final int R_AARCH64_TLSDESC_OFF_G1 = 565;
    public static final int R_AARCH64_TLSDESC_OFF_G0_NC = 566;
    public static final int R_AARCH64_TLSDESC_LDR = 567;
    public static final int R_AARCH64_TLSDESC_ADD = 568;
    public static final int R_AARCH64_TLSDESC_CALL = 569;
    public static final int R_AARCH64_TLSLE_LDST128_TPREL_LO12 = 570;
    public static final int R_AARCH64_TLSLE_LDST128_TPREL_LO12_NC = 571;
    public static final int R_AARCH64_TLSLD_LDST128_DTPREL_LO12 = 572;
    public static final int R_AARCH64_TLSLD_LDST128_DTPREL_LO12_NC = 573;
    public static final int R_AARCH64_COPY = 1024;
    public static final int R_AARCH64_GLOB_DAT = 1025;
    public static final int R_AARCH64_JUMP_SLOT = 1026;
    public static final int R_AARCH64_RELATIVE = 1027;
    public static final int R_AARCH64_TLS_DTPMOD = 1028;
    public static final int R_AARCH64_TLS_DTPREL = 1029;
    public static final int R_AARCH64_TLS_TPREL = 1030;
    public static final int R_AARCH64_TLSDESC = 1031;
    public static final int R_AARCH64_IRELATIVE = 1032;

    private static final Map<Integer, String> X86_64 = Map.ofEntries(
            entry(R_X86_64_NONE, "R_X86_64_NONE"), entry(R_X86_64_64, "R_X86_64_64"), entry(R_X86_64_PC32, "R_X86_64_PC32"),
            entry(R_X86_64_GOT32, "R_X86_64_GOT32"), entry(R_X86_64_PLT32, "R_X86_64_PLT32"), entry(R_X86_64_COPY, "R_X86_64_COPY"),
            entry(R_X86_64_GLOB_DAT, "R_X86_64_GLOB_DAT"), entry(R_X86_64_JUMP_SLOT, "R_X86_64_JUMP_SLOT"), entry(R_X86_64_RELATIVE, "R_X86_64_RELATIVE"),
            entry(R_X86_64_GOTPCREL, "R_X86_64_GOTPCREL"), entry(R_X86_64_32, "R_X86_64_32"), entry(R_X86_64_32S, "R_X86_64_32S"),
            entry(R_X86_64_16, "R_X86_64_16"), entry(R_X86_64_PC16, "R_X86_64_PC16"), entry(R_X86_64_8, "R_X86_64_8"),
            entry(R_X86_64_PC8, "R_X86_64_PC8"), entry(R_X86_64_DTPMOD64, "R_X86_64_DTPMOD64"), entry(R_X86_64_DTPOFF64, "R_X86_64_DTPOFF64"),
            entry(R_X86_64_TPOFF64, "R_X86_64_TPOFF64"), entry(R_X86_64_TLSGD, "R_X86_64_TLSGD"), entry(R_X86_64_TLSLD, "R_X86_64_TLSLD"),
            entry(R_X86_64_DTPOFF32, "R_X86_64_DTPOFF32"), entry(R_X86_64_GOTTPOFF, "R_X86_64_GOTTPOFF"), entry(R_X86_64_TPOFF32, "R_X86_64_TPOFF32"),
            entry(R_X86_64_PC64, "R_X86_64_PC64"), entry(R_X86_64_GOTOFF64, "R_X86_64_GOTOFF64"), entry(R_X86_64_GOTPC32, "R_X86_64_GOTPC32"),
            entry(R_X86_64_GOT64, "R_X86_64_GOT64"), entry(R_X86_64_GOTPCREL64, "R_X86_64_GOTPCREL64"), entry(R_X86_64_GOTPC64, "R_X86_64_GOTPC64"),
            entry(R_X86_64_GOTPLT64, "R_X86_64_GOTPLT64"), entry(R_X86_64_PLTOFF64, "R_X86_64_PLTOFF64"), entry(R_X86_64_SIZE32, "R_X86_64_SIZE32"),
            entry(R_X86_64_SIZE64, "R_X86_64_SIZE64"), entry(R_X86_64_GOTPC32_TLSDESC, "R_X86_64_GOTPC32_TLSDESC"), entry(R_X86_64_TLSDESC_CALL, "R_X86_64_TLSDESC_CALL"),
            entry(R_X86_64_TLSDESC, "R_X86_64_TLSDESC"), entry(R_X86_64_IRELATIVE, "R_X86_64_IRELATIVE"), entry(R_X86_64_RELATIVE64, "R_X86_64_RELATIVE64"),
            entry(R_X86_64_GOTPCRELX, "R_X86_64_GOTPCRELX"), entry(R_X86_64_REX_GOTPCRELX, "R_X86_64_REX_GOTPCRELX"));

    private static final Map<Integer, String> AARCH64 = Map.ofEntries(
            entry(R_AARCH64_NONE, "R_AARCH64_NONE"), entry(R_AARCH64_ABS64, "R_AARCH64_ABS64"), entry(R_AARCH64_ABS32, "R_AARCH64_ABS32"),
            entry(R_AARCH64_ABS16, "R_AARCH64_ABS16"), entry(R_AARCH64_PREL64, "R_AARCH64_PREL64"), entry(R_AARCH64_PREL32, "R_AARCH64_PREL32"),
            entry(R_AARCH64_PREL16, "R_AARCH64_PREL16"), entry(R_AARCH64_MOVW_UABS_G0, "R_AARCH64_MOVW_UABS_G0"), entry(R_AARCH64_MOVW_UABS_G0_NC, "R_AARCH64_MOVW_UABS_G0_NC"),
            entry(R_AARCH64_MOVW_UABS_G1, "R_AARCH64_MOVW_UABS_G1"), entry(R_AARCH64_MOVW_UABS_G1_NC, "R_AARCH64_MOVW_UABS_G1_NC"), entry(R_AARCH64_MOVW_UABS_G2, "R_AARCH64_MOVW_UABS_G2"),
            entry(R_AARCH64_MOVW_UABS_G2_NC, "R_AARCH64_MOVW_UABS_G2_NC"), entry(R_AARCH64_MOVW_UABS_G3, "R_AARCH64_MOVW_UABS_G3"), entry(R_AARCH64_MOVW_SABS_G0, "R_AARCH64_MOVW_SABS_G0"),
            entry(R_AARCH64_MOVW_SABS_G1, "R_AARCH64_MOVW_SABS_G1"), entry(R_AARCH64_MOVW_SABS_G2, "R_AARCH64_MOVW_SABS_G2"), entry(R_AARCH64_LD_PREL_LO19, "R_AARCH64_LD_PREL_LO19"),
            entry(R_AARCH64_ADR_PREL_LO21, "R_AARCH64_ADR_PREL_LO21"), entry(R_AARCH64_ADR_PREL_PG_HI21, "R_AARCH64_ADR_PREL_PG_HI21"), entry(R_AARCH64_ADR_PREL_PG_HI21_NC, "R_AARCH64_ADR_PREL_PG_HI21_NC"),
            entry(R_AARCH64_ADD_ABS_LO12_NC, "R_AARCH64_ADD_ABS_LO12_NC"), entry(R_AARCH64_LDST8_ABS_LO12_NC, "R_AARCH64_LDST8_ABS_LO12_NC"), entry(R_AARCH64_TSTBR14, "R_AARCH64_TSTBR14"),
            entry(R_AARCH64_CONDBR19, "R_AARCH64_CONDBR19"), entry(R_AARCH64_JUMP26, "R_AARCH64_JUMP26"), entry(R_AARCH64_CALL26, "R_AARCH64_CALL26"),
            entry(R_AARCH64_LDST16_ABS_LO12_NC, "R_AARCH64_LDST16_ABS_LO12_NC"), entry(R_AARCH64_LDST32_ABS_LO12_NC, "R_AARCH64_LDST32_ABS_LO12_NC"), entry(R_AARCH64_LDST64_ABS_LO12_NC, "R_AARCH64_LDST64_ABS_LO12_NC"),
            entry(R_AARCH64_MOVW_PREL_G0, "R_AARCH64_MOVW_PREL_G0"), entry(R_AARCH64_MOVW_PREL_G0_NC, "R_AARCH64_MOVW_PREL_G0_NC"), entry(R_AARCH64_MOVW_PREL_G1, "R_AARCH64_MOVW_PREL_G1"),
            entry(R_AARCH64_MOVW_PREL_G1_NC, "R_AARCH64_MOVW_PREL_G1_NC"), entry(R_AARCH64_MOVW_PREL_G2, "R_AARCH64_MOVW_PREL_G2"), entry(R_AARCH64_MOVW_PREL_G2_NC, "R_AARCH64_MOVW_PREL_G2_NC"),
            entry(R_AARCH64_MOVW_PREL_G3, "R_AARCH64_MOVW_PREL_G3"), entry(R_AARCH64_LDST128_ABS_LO12_NC, "R_AARCH64_LDST128_ABS_LO12_NC"), entry(R_AARCH64_MOVW_GOTOFF_G0, "R_AARCH64_MOVW_GOTOFF_G0"),
            entry(R_AARCH64_MOVW_GOTOFF_G0_NC, "R_AARCH64_MOVW_GOTOFF_G0_NC"), entry(R_AARCH64_MOVW_GOTOFF_G1, "R_AARCH64_MOVW_GOTOFF_G1"), entry(R_AARCH64_MOVW_GOTOFF_G1_NC, "R_AARCH64_MOVW_GOTOFF_G1_NC"),
            entry(R_AARCH64_MOVW_GOTOFF_G2, "R_AARCH64_MOVW_GOTOFF_G2"), entry(R_AARCH64_MOVW_GOTOFF_G2_NC, "R_AARCH64_MOVW_GOTOFF_G2_NC"), entry(R_AARCH64_MOVW_GOTOFF_G3, "R_AARCH64_MOVW_GOTOFF_G3"),
            entry(R_AARCH64_GOTREL64, "R_AARCH64_GOTREL64"), entry(R_AARCH64_GOTREL32, "R_AARCH64_GOTREL32"), entry(R_AARCH64_GOT_LD_PREL19, "R_AARCH64_GOT_LD_PREL19"),
            entry(R_AARCH64_LD64_GOTOFF_LO15, "R_AARCH64_LD64_GOTOFF_LO15"), entry(R_AARCH64_ADR_GOT_PAGE, "R_AARCH64_ADR_GOT_PAGE"), entry(R_AARCH64_LD64_GOT_LO12_NC, "R_AARCH64_LD64_GOT_LO12_NC"),
            entry(R_AARCH64_LD64_GOTPAGE_LO15, "R_AARCH64_LD64_GOTPAGE_LO15"), entry(R_AARCH64_TLSGD_ADR_PREL21, "R_AARCH64_TLSGD_ADR_PREL21"), entry(R_AARCH64_TLSGD_ADR_PAGE21, "R_AARCH64_TLSGD_ADR_PAGE21"),
            entry(R_AARCH64_TLSGD_ADD_LO12_NC, "R_AARCH64_TLSGD_ADD_LO12_NC"), entry(R_AARCH64_TLSGD_MOVW_G1, "R_AARCH64_TLSGD_MOVW_G1"), entry(R_AARCH64_TLSGD_MOVW_G0_NC, "R_AARCH64_TLSGD_MOVW_G0_NC"),
            entry(R_AARCH64_TLSLD_ADR_PREL21, "R_AARCH64_TLSLD_ADR_PREL21"), entry(R_AARCH64_TLSLD_ADR_PAGE21, "R_AARCH64_TLSLD_ADR_PAGE21"), entry(R_AARCH64_TLSLD_ADD_LO12_NC, "R_AARCH64_TLSLD_ADD_LO12_NC"),
            entry(R_AARCH64_TLSLD_MOVW_G1, "R_AARCH64_TLSLD_MOVW_G1"), entry(R_AARCH64_TLSLD_MOVW_G0_NC, "R_AARCH64_TLSLD_MOVW_G0_NC"), entry(R_AARCH64_TLSLD_LD_PREL19, "R_AARCH64_TLSLD_LD_PREL19"),
            entry(R_AARCH64_TLSLD_MOVW_DTPREL_G2, "R_AARCH64_TLSLD_MOVW_DTPREL_G2"), entry(R_AARCH64_TLSLD_MOVW_DTPREL_G1, "R_AARCH64_TLSLD_MOVW_DTPREL_G1"), entry(R_AARCH64_TLSLD_MOVW_DTPREL_G1_NC, "R_AARCH64_TLSLD_MOVW_DTPREL_G1_NC"),
            entry(R_AARCH64_TLSLD_MOVW_DTPREL_G0, "R_AARCH64_TLSLD_MOVW_DTPREL_G0"), entry(R_AARCH64_TLSLD_MOVW_DTPREL_G0_NC, "R_AARCH64_TLSLD_MOVW_DTPREL_G0_NC"), entry(R_AARCH64_TLSLD_ADD_DTPREL_HI12, "R_AARCH64_TLSLD_ADD_DTPREL_HI12"),
            entry(R_AARCH64_TLSLD_ADD_DTPREL_LO12, "R_AARCH64_TLSLD_ADD_DTPREL_LO12"), entry(R_AARCH64_TLSLD_ADD_DTPREL_LO12_NC, "R_AARCH64_TLSLD_ADD_DTPREL_LO12_NC"), entry(R_AARCH64_TLSLD_LDST8_DTPREL_LO12, "R_AARCH64_TLSLD_LDST8_DTPREL_LO12"),
            entry(R_AARCH64_TLSLD_LDST8_DTPREL_LO12_NC, "R_AARCH64_TLSLD_LDST8_DTPREL_LO12_NC"), entry(R_AARCH64_TLSLD_LDST16_DTPREL_LO12, "R_AARCH64_TLSLD_LDST16_DTPREL_LO12"), entry(R_AARCH64_TLSLD_LDST16_DTPREL_LO12_NC, "R_AARCH64_TLSLD_LDST16_DTPREL_LO12_NC"),
            entry(R_AARCH64_TLSLD_LDST32_DTPREL_LO12, "R_AARCH64_TLSLD_LDST32_DTPREL_LO12"), entry(R_AARCH64_TLSLD_LDST32_DTPREL_LO12_NC, "R_AARCH64_TLSLD_LDST32_DTPREL_LO12_NC"), entry(R_AARCH64_TLSLD_LDST64_DTPREL_LO12, "R_AARCH64_TLSLD_LDST64_DTPREL_LO12"),
            entry(R_AARCH64_TLSLD_LDST64_DTPREL_LO12_NC, "R_AARCH64_TLSLD_LDST64_DTPREL_LO12_NC"), entry(R_AARCH64_TLSIE_MOVW_GOTTPREL_G1, "R_AARCH64_TLSIE_MOVW_GOTTPREL_G1"), entry(R_AARCH64_TLSIE_MOVW_GOTTPREL_G0_NC, "R_AARCH64_TLSIE_MOVW_GOTTPREL_G0_NC"),
            entry(R_AARCH64_TLSIE_ADR_GOTTPREL_PAGE21, "R_AARCH64_TLSIE_ADR_GOTTPREL_PAGE21"), entry(R_AARCH64_TLSIE_LD64_GOTTPREL_LO12_NC, "R_AARCH64_TLSIE_LD64_GOTTPREL_LO12_NC"), entry(R_AARCH64_TLSIE_LD_GOTTPREL_PREL19, "R_AARCH64_TLSIE_LD_GOTTPREL_PREL19"),
            entry(R_AARCH64_TLSLE_MOVW_TPREL_G2, "R_AARCH64_TLSLE_MOVW_TPREL_G2"), entry(R_AARCH64_TLSLE_MOVW_TPREL_G1, "R_AARCH64_TLSLE_MOVW_TPREL_G1"), entry(R_AARCH64_TLSLE_MOVW_TPREL_G1_NC, "R_AARCH64_TLSLE_MOVW_TPREL_G1_NC"),
            entry(R_AARCH64_TLSLE_MOVW_TPREL_G0, "R_AARCH64_TLSLE_MOVW_TPREL_G0"), entry(R_AARCH64_TLSLE_MOVW_TPREL_G0_NC, "R_AARCH64_TLSLE_MOVW_TPREL_G0_NC"), entry(R_AARCH64_TLSLE_ADD_TPREL_HI12, "R_AARCH64_TLSLE_ADD_TPREL_HI12"),
            entry(R_AARCH64_TLSLE_ADD_TPREL_LO12, "R_AARCH64_TLSLE_ADD_TPREL_LO12"), entry(R_AARCH64_TLSLE_ADD_TPREL_LO12_NC, "R_AARCH64_TLSLE_ADD_TPREL_LO12_NC"), entry(R_AARCH64_TLSLE_LDST8_TPREL_LO12, "R_AARCH64_TLSLE_LDST8_TPREL_LO12"),
            entry(R_AARCH64_TLSLE_LDST8_TPREL_LO12_NC, "R_AARCH64_TLSLE_LDST8_TPREL_LO12_NC"), entry(R_AARCH64_TLSLE_LDST16_TPREL_LO12, "R_AARCH64_TLSLE_LDST16_TPREL_LO12"), entry(R_AARCH64_TLSLE_LDST16_TPREL_LO12_NC, "R_AARCH64_TLSLE_LDST16_TPREL_LO12_NC"),
            entry(R_AARCH64_TLSLE_LDST32_TPREL_LO12, "R_AARCH64_TLSLE_LDST32_TPREL_LO12"), entry(R_AARCH64_TLSLE_LDST32_TPREL_LO12_NC, "R_AARCH64_TLSLE_LDST32_TPREL_LO12_NC"), entry(R_AARCH64_TLSLE_LDST64_TPREL_LO12, "R_AARCH64_TLSLE_LDST64_TPREL_LO12"),
            entry(R_AARCH64_TLSLE_LDST64_TPREL_LO12_NC, "R_AARCH64_TLSLE_LDST64_TPREL_LO12_NC"), entry(R_AARCH64_TLSDESC_LD_PREL19, "R_AARCH64_TLSDESC_LD_PREL19"), entry(R_AARCH64_TLSDESC_ADR_PREL21, "R_AARCH64_TLSDESC_ADR_PREL21"),
            entry(R_AARCH64_TLSDESC_ADR_PAGE21, "R_AARCH64_TLSDESC_ADR_PAGE21"), entry(R_AARCH64_TLSDESC_LD64_LO12, "R_AARCH64_TLSDESC_LD64_LO12"), entry(R_AARCH64_TLSDESC_ADD_LO12, "R_AARCH64_TLSDESC_ADD_LO12"),
            entry(R_AARCH64_TLSDESC_OFF_G1, "R_AARCH64_TLSDESC_OFF_G1"), entry(R_AARCH64_TLSDESC_OFF_G0_NC, "R_AARCH64_TLSDESC_OFF_G0_NC"), entry(R_AARCH64_TLSDESC_LDR, "R_AARCH64_TLSDESC_LDR"),
            entry(R_AARCH64_TLSDESC_ADD, "R_AARCH64_TLSDESC_ADD"), entry(R_AARCH64_TLSDESC_CALL, "R_AARCH64_TLSDESC_CALL"), entry(R_AARCH64_TLSLE_LDST128_TPREL_LO12, "R_AARCH64_TLSLE_LDST128_TPREL_LO12"),
            entry(R_AARCH64_TLSLE_LDST128_TPREL_LO12_NC, "R_AARCH64_TLSLE_LDST128_TPREL_LO12_NC"), entry(R_AARCH64_TLSLD_LDST128_DTPREL_LO12, "R_AARCH64_TLSLD_LDST128_DTPREL_LO12"), entry(R_AARCH64_TLSLD_LDST128_DTPREL_LO12_NC, "R_AARCH64_TLSLD_LDST128_DTPREL_LO12_NC"),
            entry(R_AARCH64_COPY, "R_AARCH64_COPY"), entry(R_AARCH64_GLOB_DAT, "R_AARCH64_GLOB_DAT"), entry(R_AARCH64_JUMP_SLOT, "R_AARCH64_JUMP_SLOT"),
            entry(R_AARCH64_RELATIVE, "R_AARCH64_RELATIVE"), entry(R_AARCH64_TLS_DTPMOD, "R_AARCH64_TLS_DTPMOD"), entry(R_AARCH64_TLS_DTPREL, "R_AARCH64_TLS_DTPREL"),
            entry(R_AARCH64_TLS_TPREL, "R_AARCH64_TLS_TPREL"), entry(R_AARCH64_TLSDESC, "R_AARCH64_TLSDESC"), entry(R_AARCH64_IRELATIVE, "R_AARCH64_IRELATIVE"));

    /** The ABI name of {@code type} on {@code machine} (e.g. {@code R_X86_64_PC32}), or null if unknown. */
    public static String name(int machine, int type) {
        return table(machine).get(type);
    }

    /** The ABI name, or a description such as {@code unknown x86-64 relocation type 43} for messages. */
    public static String describe(int machine, int type) {
        String n = name(machine, type);
        return n != null ? n : "unknown " + Elf.machineName(machine) + " relocation type " + Integer.toUnsignedString(type);
    }

    /** All named types of {@code machine}: number to name. */
    public static Map<Integer, String> table(int machine) {
        return switch (machine) {
            case Elf.EM_X86_64 -> X86_64;
            case Elf.EM_AARCH64 -> AARCH64;
            default -> Map.of();
        };
    }
}
