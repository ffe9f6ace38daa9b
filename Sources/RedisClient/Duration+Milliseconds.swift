extension Duration {
    /// Whole milliseconds, the unit Redis takes for `BLOCK`, `IDLE` and min-idle times.
    public var wholeMilliseconds: Int {
        Int(components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000)
    }

    /// Whole microseconds, for timings written to logs, events and metrics.
    public var wholeMicroseconds: Int64 {
        components.seconds * 1_000_000 + components.attoseconds / 1_000_000_000_000
    }
}
