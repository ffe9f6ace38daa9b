/// How a cleanup run decides what is orphaned and how fast it may delete.
public struct CleanupSettings: Sendable, Equatable {
    /// An unattached upload older than this is dangling; a stored object no record names is swept only once it
    /// is older than this too, so an upload in flight is never touched.
    public var danglingAfter: Duration
    /// How long a file stays marked deleted before its record (and, with no other record, its bytes) goes.
    /// Zero: at the next run.
    public var retention: Duration
    /// Deletions per second at most; 0 for no limit.
    public var maxDeletesPerSecond: Int
    /// Deletions per run at most; the run stops and reports when it is reached. 0 for no cap.
    public var maxDeletesPerRun: Int
    /// Records or listed objects handled per page.
    public var pageSize: Int
    /// The link proxy's cached media (`proxy/…`) older than this is swept; nil leaves it alone.
    public var proxyMediaTTL: Duration?
    /// Report what would be done and change nothing.
    public var dryRun: Bool

    public init(
        danglingAfter: Duration = .seconds(3600),
        retention: Duration = .seconds(30 * 86_400),
        maxDeletesPerSecond: Int = 200,
        maxDeletesPerRun: Int = 10_000,
        pageSize: Int = 500,
        proxyMediaTTL: Duration? = nil,
        dryRun: Bool = false
    ) {
        self.danglingAfter = danglingAfter
        self.retention = retention
        self.maxDeletesPerSecond = maxDeletesPerSecond
        self.maxDeletesPerRun = maxDeletesPerRun
        self.pageSize = max(1, pageSize)
        self.proxyMediaTTL = proxyMediaTTL
        self.dryRun = dryRun
    }
}
