package dev.race.steg.model;

/** How a struct or variant's fields are written: {@code { a: T }}, {@code (T)}, or nothing. */
public enum Shape { NAMED, TUPLE, UNIT }
