package dev.race.link.pipeline;

import dev.race.format.elf.Elf;
import dev.race.format.rcrate.RSection;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Merges {@code SHF_MERGE} input sections (gABI "Sections": mergeable constants of {@code sh_entsize} bytes,
 * or, with {@code SHF_STRINGS}, NUL-terminated strings of {@code sh_entsize}-byte characters): each input is cut
 * into pieces, equal pieces are stored once in a {@link Block}, and every input offset maps to the offset of its
 * piece's single copy. Blocks are keyed by output section, flags, entry size and alignment, and filled in input
 * order, so the result does not depend on threads or hashing.
 */
final class SectionMerger {
    /** One merged block: the deduplicated pieces of every input section with the same key. */
    static final class Block {
        final String output;
        final long align;
        final long entsize;
        final long flags;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final Map<Key, Long> seen = new HashMap<>();
        /** Offset of the block in its output section, once placed (-1 before). */
        long offset = -1;

        Block(String output, long align, long entsize, long flags) {
            this.output = output;
            this.align = align;
            this.entsize = entsize;
            this.flags = flags;
        }

        long add(byte[] piece) {
            Long at = seen.get(new Key(piece));
            if (at != null) {
                return at;
            }
            // align is at most RcrateReader.MAX_ALIGN (the reader refuses more), so one write of the padding
            int pad = (int) ((-bytes.size()) & (align - 1));
            if (pad > 0) {
                bytes.write(new byte[pad], 0, pad);
            }
            long off = bytes.size();
            bytes.write(piece, 0, piece.length);
            seen.put(new Key(piece), off);
            return off;
        }

        long size() {
            return bytes.size();
        }
    }

    /** Where the pieces of one input section went: piece {@code k} starts at {@code start[k]} in the input. */
    static final class Pieces {
        final Block block;
        final long[] start;
        final long[] out;

        Pieces(Block block, long[] start, long[] out) {
            this.block = block;
            this.start = start;
            this.out = out;
        }

        /** The offset in the output section of input offset {@code off}. */
        long map(long off) {
            int k = Arrays.binarySearch(start, off);
            if (k < 0) {
                k = -k - 2;
            }
            if (k < 0) {
                k = 0;
            }
            return block.offset + out[k] + (off - start[k]);
        }
    }

    private record Key(byte[] b) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(b, k.b);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(b);
        }
    }

    private final Map<String, Block> blocks = new HashMap<>();

    /**
     * Splits {@code s} into pieces and merges them; returns null when the section cannot be merged (it is then
     * placed whole): an entry size of 0, a size that is not a multiple of it, strings without a final NUL, or an
     * empty section (it has no piece that a symbol pointing into it could map to).
     */
    Pieces merge(String output, RSection s) {
        long e = s.entsize();
        if (e <= 0 || s.size() == 0 || s.size() % e != 0 || s.isNobits()) {
            return null;
        }
        ByteBuffer data = s.bytes();
        int n = (int) s.size();
        long[] start;
        boolean strings = (s.flags() & Elf.SHF_STRINGS) != 0;
        if (strings) {
            long[] tmp = new long[16];
            int count = 0;
            int pieceStart = 0;
            for (int i = 0; i < n; i += (int) e) {
                if (isZero(data, i, (int) e)) {
                    if (count == tmp.length) {
                        tmp = Arrays.copyOf(tmp, count * 2);
                    }
                    tmp[count++] = pieceStart;
                    pieceStart = i + (int) e;
                }
            }
            if (pieceStart != n) {
                return null;
            }
            start = Arrays.copyOf(tmp, count);
        } else {
            start = new long[(int) (n / e)];
            for (int k = 0; k < start.length; k++) {
                start[k] = k * e;
            }
        }
        Block block = blocks.computeIfAbsent(output + "\0" + (s.flags() & (Elf.SHF_MERGE | Elf.SHF_STRINGS)) + "\0" + e
                + "\0" + s.align(), k -> new Block(output, Math.max(1, s.align()), e, s.flags()));
        long[] out = new long[start.length];
        for (int k = 0; k < start.length; k++) {
            int from = (int) start[k];
            int to = k + 1 < start.length ? (int) start[k + 1] : n;
            byte[] piece = new byte[to - from];
            data.get(from, piece);
            out[k] = block.add(piece);
        }
        return new Pieces(block, start, out);
    }

    private static boolean isZero(ByteBuffer b, int at, int len) {
        for (int i = 0; i < len; i++) {
            if (b.get(at + i) != 0) {
                return false;
            }
        }
        return true;
    }
}
