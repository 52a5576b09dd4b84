package dev.race.codegen;

/**
 * One relocation of an input section as {@link Target#planSection} sees it: the offset of its field in the
 * section, its ELF type and addend, the symbol it refers to ({@code symbol}: equal numbers mean the same symbol,
 * within the section's input) and whether it carries a layout constant rather than an address.
 */
public record SectionReloc(long offset, int elfType, long addend, int symbol, boolean constant) {
}
