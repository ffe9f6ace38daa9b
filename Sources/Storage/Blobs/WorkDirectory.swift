import Foundation

/// A private temporary directory for one job's files (the downloaded original, a poster, a cover), removed with
/// everything in it when the job ends.
public struct WorkDirectory: Sendable {
    public let root: String

    /// A new directory named `PREFIX-RANDOM` in the system's temporary directory.
    public init(prefix: String) throws {
        root = NSTemporaryDirectory() + "\(prefix)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(
            atPath: root, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700]
        )
    }

    public func path(_ name: String) -> String { root + "/" + name }

    public func remove() { try? FileManager.default.removeItem(atPath: root) }
}
