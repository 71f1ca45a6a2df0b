package dev.nightjar.sensor.proc;

/**
 * The fields Nightjar uses from one {@code /proc/PID/stat} line.
 *
 * <p>The command name sits in parentheses and may itself contain spaces and
 * parentheses, so the line is split after its <em>last</em> {@code ')'}.
 * Times are in clock ticks; see {@link #USER_HZ}.
 */
public record ProcStat(int pid, String comm, int ppid, long userTicks, long systemTicks, long startTicks) {

    /**
     * Clock ticks per second in /proc. The kernel fixes USER_HZ at 100 on every
     * architecture the sensor runs on (x86_64, aarch64), whatever CONFIG_HZ is,
     * so it is a constant here rather than a sysconf call.
     */
    public static final long USER_HZ = 100;

    private static final long NANOS_PER_TICK = 1_000_000_000L / USER_HZ;

    /** Fields after the command name, counted from 0 (field 3, "state", is 0). */
    private static final int PPID = 1;
    private static final int UTIME = 11;
    private static final int STIME = 12;
    private static final int STARTTIME = 19;

    /** @throws IllegalArgumentException if the line is not a stat line */
    public static ProcStat parse(String line) {
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 1 || close < open) {
            throw new IllegalArgumentException("not a /proc/PID/stat line: " + abbreviate(line));
        }
        String[] rest = line.substring(close + 1).strip().split(" ");
        if (rest.length <= STARTTIME) {
            throw new IllegalArgumentException("/proc/PID/stat line has " + rest.length
                    + " fields after the command name, expected more than " + STARTTIME + ": " + abbreviate(line));
        }
        try {
            return new ProcStat(
                    Integer.parseInt(line.substring(0, open).strip()),
                    line.substring(open + 1, close),
                    Integer.parseInt(rest[PPID]),
                    Long.parseLong(rest[UTIME]),
                    Long.parseLong(rest[STIME]),
                    Long.parseLong(rest[STARTTIME]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed /proc/PID/stat line: " + abbreviate(line), e);
        }
    }

    public static long ticksToNanos(long ticks) {
        return ticks * NANOS_PER_TICK;
    }

    /** User plus system CPU time of this task, in nanoseconds. */
    public long cpuTimeNanos() {
        return ticksToNanos(userTicks + systemTicks);
    }

    private static String abbreviate(String line) {
        return line.length() <= 80 ? line : line.substring(0, 80) + "...";
    }
}
