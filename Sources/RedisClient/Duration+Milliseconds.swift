extension Duration {
    /// Whole milliseconds, the unit Redis takes for `BLOCK`, `IDLE` and min-idle times.
    public var wholeMilliseconds: Int {
        Int(components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000)
    }
}
