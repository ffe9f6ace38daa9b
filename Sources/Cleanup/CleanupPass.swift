/// The three passes of a cleanup run, in the order a full run takes them.
public enum CleanupPass: String, CaseIterable, Codable, Sendable {
    /// Unattached uploads older than the grace period are marked deleted.
    case dangling
    /// Records deleted longer ago than the retention period are removed, and objects no record uses any more.
    case deletion
    /// The blob store is listed: objects no record names are removed, records whose object is missing reported.
    case sweep
}
