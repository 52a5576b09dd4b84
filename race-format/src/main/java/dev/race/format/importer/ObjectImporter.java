package dev.race.format.importer;

import dev.race.format.elf.Elf;
import dev.race.format.elf.ElfObject;
import dev.race.format.elf.ElfRelocations;
import dev.race.format.elf.ElfSymbols;
import dev.race.format.elf.RelocationTypes;
import dev.race.format.marker.Marker;
import dev.race.format.marker.MarkerException;
import dev.race.format.marker.Markers;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.race.format.elf.RelocationTypes.*;

/**
 * Classifies every RELA entry of an object as ordinary or semantic. A relocation is semantic when its symbol is
 * a {@code __race_} marker (an undefined symbol whose name decodes, docs/markers.md); the linker answers the
 * marker's query and patches the field, so nothing about the instruction needs to be understood here.
 *
 * <p>Errors, all collected: a marker name that does not decode (located at each use), a marker symbol that the
 * object defines (markers are answered by the linker; located at the definition), and a relocation type outside
 * the supported set of its machine (located at the relocation). The supported sets are what gcc, clang and
 * rustc emit for non-TLS code in the small and tiny code models, PIC or not, which the patcher can apply.
 */
public final class ObjectImporter {
    /** x86-64 psABI 4.4 types the linker applies. */
    private static final Set<Integer> X86_64 = Set.of(R_X86_64_NONE, R_X86_64_64, R_X86_64_PC32, R_X86_64_PLT32,
            R_X86_64_32, R_X86_64_32S, R_X86_64_PC64, R_X86_64_GOTPCREL, R_X86_64_GOTPCRELX,
            R_X86_64_REX_GOTPCRELX, R_X86_64_16, R_X86_64_PC16, R_X86_64_8, R_X86_64_PC8);

    /** AAELF64 5.7 static relocations the linker applies. */
    private static final Set<Integer> AARCH64 = Set.of(R_AARCH64_NONE,
            R_AARCH64_ABS64, R_AARCH64_ABS32, R_AARCH64_ABS16, R_AARCH64_PREL64, R_AARCH64_PREL32, R_AARCH64_PREL16,
            R_AARCH64_ADR_PREL_PG_HI21, R_AARCH64_ADR_PREL_PG_HI21_NC, R_AARCH64_ADR_PREL_LO21,
            R_AARCH64_ADD_ABS_LO12_NC, R_AARCH64_LDST8_ABS_LO12_NC, R_AARCH64_LDST16_ABS_LO12_NC,
            R_AARCH64_LDST32_ABS_LO12_NC, R_AARCH64_LDST64_ABS_LO12_NC, R_AARCH64_LDST128_ABS_LO12_NC,
            R_AARCH64_CALL26, R_AARCH64_JUMP26, R_AARCH64_CONDBR19, R_AARCH64_TSTBR14, R_AARCH64_LD_PREL_LO19,
            R_AARCH64_MOVW_UABS_G0, R_AARCH64_MOVW_UABS_G0_NC, R_AARCH64_MOVW_UABS_G1, R_AARCH64_MOVW_UABS_G1_NC,
            R_AARCH64_MOVW_UABS_G2, R_AARCH64_MOVW_UABS_G2_NC, R_AARCH64_MOVW_UABS_G3,
            R_AARCH64_MOVW_SABS_G0, R_AARCH64_MOVW_SABS_G1, R_AARCH64_MOVW_SABS_G2,
            R_AARCH64_MOVW_PREL_G0, R_AARCH64_MOVW_PREL_G0_NC, R_AARCH64_MOVW_PREL_G1, R_AARCH64_MOVW_PREL_G1_NC,
            R_AARCH64_MOVW_PREL_G2, R_AARCH64_MOVW_PREL_G2_NC, R_AARCH64_MOVW_PREL_G3,
            R_AARCH64_ADR_GOT_PAGE, R_AARCH64_LD64_GOT_LO12_NC, R_AARCH64_GOT_LD_PREL19);

    private ObjectImporter() {
    }

    /** Whether {@code type} is in the supported set of {@code machine}. */
    public static boolean supported(int machine, int type) {
        return switch (machine) {
            case Elf.EM_X86_64 -> X86_64.contains(type);
            case Elf.EM_AARCH64 -> AARCH64.contains(type);
            default -> false;
        };
    }

    public static ImportScan scan(ElfObject object) {
        String file = object.fileName();
        ElfSymbols symbols = object.symbols();
        List<ImportError> errors = new ArrayList<>();
        List<SemanticRelocation> semantic = new ArrayList<>();
        boolean[] definedMarker = new boolean[symbols.count()];
        for (int s = 1; s < symbols.count(); s++) {
            if (symbols.isDefined(s) && symbols.type(s) != ElfSymbols.Type.SECTION
                    && symbols.type(s) != ElfSymbols.Type.FILE && Markers.isMarker(symbols.name(s))) {
                definedMarker[s] = true;
                errors.add(new ImportError(file, where(object, symbols.shndx(s)), symbols.value(s), null,
                        "defines marker symbol " + symbols.name(s) + "; markers are answered by the linker and "
                                + "must stay undefined in objects"));
            }
        }
        int ordinary = 0;
        for (ElfRelocations r : object.relocations()) {
            String section = object.section(r.target()).name();
            for (int i = 0; i < r.count(); i++) {
                int type = r.type(i);
                String typeName = RelocationTypes.describe(object.machine(), type);
                int sym = r.symbol(i);
                String name = sym == 0 ? "" : symbols.name(sym);
                boolean typeOk = supported(object.machine(), type);
                if (!typeOk) {
                    errors.add(new ImportError(file, section, r.offset(i), typeName, "unsupported relocation type"
                            + (name.isEmpty() ? "" : " (against " + name + ")")));
                }
                if (sym == 0 || !Markers.isMarker(name)) {
                    ordinary++;
                    continue;
                }
                if (definedMarker[sym]) {
                    continue;
                }
                Marker marker;
                try {
                    marker = Markers.demangle(name);
                } catch (MarkerException e) {
                    errors.add(new ImportError(file, section, r.offset(i), typeName, e.getMessage()));
                    continue;
                }
                if (typeOk) {
                    semantic.add(new SemanticRelocation(marker, name, type, typeName, r.target(), section,
                            r.offset(i), r.addend(i), r.sectionIndex(), i));
                }
            }
        }
        return new ImportScan(object, semantic, ordinary, errors);
    }

    private static String where(ElfObject object, int shndx) {
        return switch (shndx) {
            case Elf.SHN_ABS -> "*ABS*";
            case Elf.SHN_COMMON -> "*COMMON*";
            default -> object.section(shndx).name();
        };
    }
}
