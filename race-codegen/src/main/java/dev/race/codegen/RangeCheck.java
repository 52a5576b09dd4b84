package dev.race.codegen;

/**
 * The range and alignment checks every target uses, so that every overflow reads the same:
 * {@code OBJ:SECTION+0xOFF: R_X86_64_32S against SYM out of range [LO, HI]: VALUE}.
 */
public final class RangeCheck {
    private RangeCheck() {
    }

    /** {@code value} must fit a two's-complement field of {@code bits} bits. */
    public static void signed(PatchSite site, String relocation, long value, int bits) {
        long lo = -(1L << (bits - 1));
        long hi = (1L << (bits - 1)) - 1;
        if (value < lo || value > hi) {
            throw outOfRange(site, relocation, value, Long.toString(lo), Long.toString(hi));
        }
    }

    /** {@code value} must fit an unsigned (zero-extended) field of {@code bits} bits, bits &lt; 64. */
    public static void unsigned(PatchSite site, String relocation, long value, int bits) {
        unsigned(site, relocation, value, bits, null);
    }

    /**
     * {@link #signed(PatchSite, String, long, int)} whose message ends with {@code "; " + remedy} (what to
     * recompile or change), when {@code remedy} is not null.
     */
    public static void signed(PatchSite site, String relocation, long value, int bits, String remedy) {
        long lo = -(1L << (bits - 1));
        long hi = (1L << (bits - 1)) - 1;
        if (value < lo || value > hi) {
            throw withRemedy(outOfRange(site, relocation, value, Long.toString(lo), Long.toString(hi)), site,
                    relocation, remedy);
        }
    }

    /** {@link #unsigned(PatchSite, String, long, int)} with a remedy, as for {@link #signed}. */
    public static void unsigned(PatchSite site, String relocation, long value, int bits, String remedy) {
        long hi = (1L << bits) - 1;
        if (value < 0 || value > hi) {
            throw withRemedy(outOfRange(site, relocation, value, "0", Long.toString(hi)), site, relocation, remedy);
        }
    }

    /** {@link #aligned(PatchSite, String, long, int)} with a remedy, as for {@link #signed}. */
    public static void aligned(PatchSite site, String relocation, long value, int alignment, String remedy) {
        if ((value & (alignment - 1)) != 0) {
            throw new PatchException(site.location(), relocation, "misaligned: " + value + " is not a multiple of "
                    + alignment + (remedy == null ? "" : "; " + remedy));
        }
    }

    private static PatchException withRemedy(PatchException e, PatchSite site, String relocation, String remedy) {
        if (remedy == null) {
            return e;
        }
        String problem = e.getMessage().substring((site.location().prefix() + ": " + relocation + " against "
                + site.location().symbol() + " ").length());
        return new PatchException(site.location(), relocation, problem + "; " + remedy);
    }

    /**
     * {@code value} must fit a {@code bits}-bit field read either as signed or as unsigned (a plain data word of
     * that width, psABI's "word8"/"word16" with no stated signedness).
     */
    public static void signedOrUnsigned(PatchSite site, String relocation, long value, int bits) {
        long lo = -(1L << (bits - 1));
        long hi = (1L << bits) - 1;
        if (value < lo || value > hi) {
            throw outOfRange(site, relocation, value, Long.toString(lo), Long.toString(hi));
        }
    }

    /** {@code value} must be a multiple of {@code alignment} (a power of two). */
    public static void aligned(PatchSite site, String relocation, long value, int alignment) {
        if ((value & (alignment - 1)) != 0) {
            throw new PatchException(site.location(), relocation,
                    "misaligned: " + value + " is not a multiple of " + alignment);
        }
    }

    private static PatchException outOfRange(PatchSite site, String relocation, long value, String lo, String hi) {
        return new PatchException(site.location(), relocation, "out of range [" + lo + ", " + hi + "]: " + value);
    }
}
