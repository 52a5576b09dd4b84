package dev.race.link.pipeline;

import org.eclipse.collections.api.list.primitive.MutableIntList;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;

import java.util.ArrayList;
import java.util.List;

/**
 * One output section being built: its name and ELF attributes, the input sections placed in it (link-wide
 * section numbers, in output order), the merged-constant blocks placed in it, its size and, once addresses are
 * assigned, its address.
 */
public final class OutputPlan {
    final String name;
    int type;
    long flags;
    long align = 1;
    long entsize;
    long size;
    long address;
    final MutableIntList members = new IntArrayList();
    final List<SectionMerger.Block> blocks = new ArrayList<>();

    OutputPlan(String name, int type, long flags, long entsize) {
        this.name = name;
        this.type = type;
        this.flags = flags;
        this.entsize = entsize;
    }

    public String name() {
        return name;
    }

    public int type() {
        return type;
    }

    public long flags() {
        return flags;
    }

    public long align() {
        return align;
    }

    public long size() {
        return size;
    }

    public long address() {
        return address;
    }

    boolean nobits() {
        return type == dev.race.format.elf.Elf.SHT_NOBITS;
    }
}
