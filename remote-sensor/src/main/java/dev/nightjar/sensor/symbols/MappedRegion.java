package dev.nightjar.sensor.symbols;

/**
 * One executable mapping of a process, as a line of {@code /proc/PID/maps} shows it.
 *
 * @param start first address (inclusive)
 * @param end   last address (exclusive)
 * @param offset file offset mapped at {@code start}
 * @param dev   device as {@code major << 32 | minor}
 * @param inode inode of the mapped file, 0 for anonymous memory
 * @param path  the path as the kernel prints it, without a trailing {@code " (deleted)"};
 *              empty for anonymous memory, {@code [vdso]} and the like for special mappings
 * @param deleted the file was unlinked after it was mapped
 */
public record MappedRegion(long start, long end, long offset, long dev, long inode, String path, boolean deleted) {

    public boolean contains(long address) {
        return Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, end) < 0;
    }

    /** Anonymous memory: where JIT compilers put their code (perf maps name it). */
    public boolean anonymous() {
        return path.isEmpty() || path.startsWith("//anon") || path.startsWith("[anon");
    }

    /** {@code [vdso]}, {@code [vsyscall]}, {@code [heap]}...: kernel-provided, no file to read. */
    public boolean special() {
        return path.startsWith("[");
    }

    /** A file mapping whose ELF symbols may be read. */
    public boolean fileBacked() {
        return !anonymous() && !special() && inode != 0;
    }

    /** The offset in the mapped file (or in the region, for anonymous memory) of an address. */
    public long fileOffset(long address) {
        return address - start + offset;
    }

    /** What an unnamed frame in this region is shown as: the file's basename, or the kind of memory. */
    public String label() {
        if (anonymous()) {
            return "[anon]";
        }
        if (special()) {
            return path;
        }
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    /** The file's identity on the node: device and inode (what the binary cache knows it by without a build id). */
    public String fileId() {
        return "ino:" + Long.toHexString(dev) + ":" + inode;
    }

    /** The {@code start-end} name of this region under {@code /proc/PID/map_files/}. */
    public String mapFilesName() {
        return Long.toHexString(start) + "-" + Long.toHexString(end);
    }
}
