package dev.nightjar.desktop.syscalls;

import java.util.Map;

/**
 * Linux errno numbers to their symbolic names (the generic asm table, which x86_64
 * and arm64 share), so a failed call reads "ENOENT" and not "2".
 */
public final class ErrnoNames {

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(1, "EPERM"), Map.entry(2, "ENOENT"), Map.entry(3, "ESRCH"), Map.entry(4, "EINTR"),
            Map.entry(5, "EIO"), Map.entry(6, "ENXIO"), Map.entry(7, "E2BIG"), Map.entry(8, "ENOEXEC"),
            Map.entry(9, "EBADF"), Map.entry(10, "ECHILD"), Map.entry(11, "EAGAIN"), Map.entry(12, "ENOMEM"),
            Map.entry(13, "EACCES"), Map.entry(14, "EFAULT"), Map.entry(16, "EBUSY"), Map.entry(17, "EEXIST"),
            Map.entry(18, "EXDEV"), Map.entry(19, "ENODEV"), Map.entry(20, "ENOTDIR"), Map.entry(21, "EISDIR"),
            Map.entry(22, "EINVAL"), Map.entry(23, "ENFILE"), Map.entry(24, "EMFILE"), Map.entry(25, "ENOTTY"),
            Map.entry(26, "ETXTBSY"), Map.entry(27, "EFBIG"), Map.entry(28, "ENOSPC"), Map.entry(29, "ESPIPE"),
            Map.entry(30, "EROFS"), Map.entry(31, "EMLINK"), Map.entry(32, "EPIPE"), Map.entry(33, "EDOM"),
            Map.entry(34, "ERANGE"), Map.entry(35, "EDEADLK"), Map.entry(36, "ENAMETOOLONG"), Map.entry(37, "ENOLCK"),
            Map.entry(38, "ENOSYS"), Map.entry(39, "ENOTEMPTY"), Map.entry(40, "ELOOP"), Map.entry(42, "ENOMSG"),
            Map.entry(61, "ENODATA"), Map.entry(62, "ETIME"), Map.entry(71, "EPROTO"), Map.entry(75, "EOVERFLOW"),
            Map.entry(84, "EILSEQ"), Map.entry(88, "ENOTSOCK"), Map.entry(89, "EDESTADDRREQ"), Map.entry(90, "EMSGSIZE"),
            Map.entry(91, "EPROTOTYPE"), Map.entry(92, "ENOPROTOOPT"), Map.entry(93, "EPROTONOSUPPORT"),
            Map.entry(95, "EOPNOTSUPP"), Map.entry(97, "EAFNOSUPPORT"), Map.entry(98, "EADDRINUSE"),
            Map.entry(99, "EADDRNOTAVAIL"), Map.entry(100, "ENETDOWN"), Map.entry(101, "ENETUNREACH"),
            Map.entry(103, "ECONNABORTED"), Map.entry(104, "ECONNRESET"), Map.entry(105, "ENOBUFS"),
            Map.entry(106, "EISCONN"), Map.entry(107, "ENOTCONN"), Map.entry(110, "ETIMEDOUT"),
            Map.entry(111, "ECONNREFUSED"), Map.entry(112, "EHOSTDOWN"), Map.entry(113, "EHOSTUNREACH"),
            Map.entry(114, "EALREADY"), Map.entry(115, "EINPROGRESS"), Map.entry(116, "ESTALE"),
            Map.entry(122, "EDQUOT"), Map.entry(125, "ECANCELED"), Map.entry(512, "ERESTARTSYS"),
            Map.entry(514, "ERESTARTNOHAND"), Map.entry(516, "ERESTART_RESTARTBLOCK"));

    private ErrnoNames() {
    }

    /** "ENOENT" for 2, "" for 0 (success), "errno 200" for a number not in the table. */
    public static String name(int errno) {
        if (errno == 0) {
            return "";
        }
        String name = NAMES.get(errno);
        return name != null ? name : "errno " + errno;
    }
}
