/// A group of configuration keys with a title: the process's own (HTTP, Redis, storage, …) or one role's. The
/// reference (`docs/configuration.md`) has a section for each.
public struct ConfigurationSection: Sendable {
    public let title: String
    public let keys: [ConfigurationKey]

    public init(title: String, keys: [ConfigurationKey]) {
        self.title = title
        self.keys = keys
    }
}
