#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Wall-clock time as the queue stores it: due times, enqueue times and schedule slots are shared between
/// processes, so they are Unix times, not a process-local monotonic clock.
public enum WallClock {
    public static func nowMicroseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec) / 1000
    }

    public static func nowMilliseconds() -> Int64 { nowMicroseconds() / 1000 }
}
