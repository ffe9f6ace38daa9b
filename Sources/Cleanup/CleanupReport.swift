/// What one pass did (or, in a dry run, would have done).
public struct PassReport: Codable, Sendable, Equatable {
    public var pass: CleanupPass
    /// Records, objects or listed blobs looked at.
    public var examined = 0
    /// Dangling files marked deleted.
    public var filesMarked = 0
    /// File records removed.
    public var filesRemoved = 0
    /// Stored objects removed with their variants (deletion), or blobs nothing names (sweep).
    public var objectsRemoved = 0
    public var bytesFreed: Int64 = 0
    /// Objects whose original the blob store does not have; their records are marked failed.
    public var objectsMissing = 0
    /// Expired link-proxy media removed.
    public var proxyMediaRemoved = 0
    public var errors: [String] = []
    public var durationMs = 0

    public init(pass: CleanupPass) {
        self.pass = pass
    }
}

/// What a run did, pass by pass. `--json` prints it; the summary log line is made from it.
public struct CleanupReport: Codable, Sendable, Equatable {
    public var dryRun: Bool
    /// The deletion cap stopped the run before it finished.
    public var capped = false
    /// Another run held the lease, so this one did nothing.
    public var skipped = false
    public var passes: [PassReport] = []
    public var durationMs = 0

    public init(dryRun: Bool) {
        self.dryRun = dryRun
    }

    public var errors: [String] { passes.flatMap(\.errors) }
    /// Finished every pass without an error and without reaching the cap.
    public var succeeded: Bool { errors.isEmpty && !capped }
    public var bytesFreed: Int64 { passes.map(\.bytesFreed).reduce(0, +) }
}
