package dev.race.link.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code hint:} lines after refusals that have an obvious fix (docs/link.md, "Command-line conventions"). */
final class Hints {
    static final String NO_PIC = "compile the C code with -fno-pic (or -fno-pie), or the Rust code with "
            + "-C relocation-model=static, so that symbols are addressed directly (docs/link.md, \"Compiling for RACE\")";

    private static final Pattern UNSUPPORTED = Pattern.compile(": (R_X86_64_\\w+): unsupported relocation type");

    private Hints() {
    }

    /**
     * The hint for an x86-64 refusal that position-independent code causes: a GOT or PLT form the link cannot
     * rewrite (race link), or a GOT/PLT relocation type of the large PIC model (race pack). Thread-local ones are
     * not: no compiler flag avoids them. Null when there is none.
     */
    static String forPicRefusal(String message) {
        if (message.contains("RACE builds no GOT") || message.contains("a GOT load of a layout constant")
                || message.contains("cannot carry a layout constant on x86_64")) {
            return NO_PIC;
        }
        Matcher m = UNSUPPORTED.matcher(message);
        if (m.find()) {
            String type = m.group(1);
            boolean tls = type.contains("TPOFF") || type.contains("TLS") || type.contains("DTP");
            if (!tls && (type.contains("GOT") || type.contains("PLT"))) {
                return NO_PIC;
            }
        }
        return null;
    }
}
