package dev.race.steg.lang;

/** How bad a diagnostic is: an ERROR keeps its crate out of the result, a WARNING does not. */
public enum Severity { ERROR, WARNING }
