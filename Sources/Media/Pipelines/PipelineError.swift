/// A pipeline file that cannot be used: which file, which key, and why. Start-up stops with this message.
public struct PipelineError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    /// The key within the file (`variants[1].quality`), empty for the whole file.
    public var key: String
    public var reason: String

    public init(path: String, key: String, reason: String) {
        self.path = path
        self.key = key
        self.reason = reason
    }

    public var description: String {
        key.isEmpty ? "\(path): \(reason)" : "\(path): \(key): \(reason)"
    }
}
