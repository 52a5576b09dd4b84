package dev.race.layout;

/** A padding gap inside a struct: bytes no field covers. */
public record Hole(long offset, long size) {
}
