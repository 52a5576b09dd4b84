package dev.race.format.elf;

import java.util.List;

/**
 * A section group (SHT_GROUP, gABI "Section Groups"): sections that are kept or dropped together. A COMDAT
 * group ({@link Elf#GRP_COMDAT}) is kept once per link among all groups with the same signature symbol.
 */
public record ElfGroup(int sectionIndex, int signatureSymbol, String signature, boolean comdat,
                       List<Integer> members) {
    public ElfGroup {
        members = List.copyOf(members);
    }
}
