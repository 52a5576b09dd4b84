package dev.race.layout;

/**
 * Where an enum stores which variant it holds: a real tag (TAGGED), or the niche field of the dataful variant
 * (NICHE; {@code signed} is then false: niche values are compared as unsigned).
 */
public record TagLayout(long offset, long size, boolean signed) {
}
