package dev.race.format.importer;

import dev.race.format.marker.Marker;

/**
 * A relocation whose symbol is a {@code __race_} marker: a layout query to answer at link time. Located by the
 * section it patches ({@code section}, {@code offset}); {@code relocationSection}/{@code index} point back at
 * the RELA entry.
 */
public record SemanticRelocation(Marker marker, String symbol, int type, String typeName, int section,
                                 String sectionName, long offset, long addend, int relocationSection, int index) {
    @Override
    public String toString() {
        return sectionName + "+0x" + Long.toHexString(offset) + " " + typeName + " " + symbol
                + (addend == 0 ? "" : addend > 0 ? " + " + addend : " - " + -addend) + " => " + marker;
    }
}
