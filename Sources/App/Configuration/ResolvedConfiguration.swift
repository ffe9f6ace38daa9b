/// Every key's effective value and where it came from, after flags, environment, file and defaults.
public struct ResolvedConfiguration: Sendable {
    public struct Entry: Sendable {
        public var key: ConfigurationKey
        public var value: String
        public var source: ConfigurationSource
    }

    public private(set) var entries: [String: Entry] = [:]

    /// Resolves and validates every key; the first bad value throws, naming its key.
    public init(_ sources: ConfigurationSources) throws(ConfigurationError) {
        for key in ConfigurationKeys.all {
            let layers: [(ConfigurationSource, String?)] = [
                (.flag, sources.flags[key.name]),
                (.environment, sources.environment[key.name]),
                (.file, sources.file[key.name]),
            ]
            let (source, raw) = layers.first { $0.1 != nil }.map { ($0.0, $0.1!) } ?? (.defaultValue, key.defaultValue)
            entries[key.name] = Entry(key: key, value: try key.validate(raw), source: source)
        }
    }

    public subscript(name: String) -> String {
        guard let entry = entries[name] else { preconditionFailure("unregistered configuration key \(name)") }
        return entry.value
    }

    public func int(_ name: String) -> Int { Int(self[name])! }
    public func bool(_ name: String) -> Bool { self[name] == "true" }
    public func duration(_ name: String) -> Duration { ConfigurationKey.parseDuration(self[name])! }
    public func list(_ name: String) -> [String] {
        self[name].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// A route prefix: empty, or a path like `/autumn` with no trailing or doubled slash.
    public func pathPrefix(_ name: String, example: String) throws(ConfigurationError) -> String {
        let prefix = self[name]
        guard prefix.isEmpty || (prefix.hasPrefix("/") && !prefix.hasSuffix("/") && !prefix.contains("//")) else {
            throw .inconsistent(key: name, reason: "must be empty or a path like \(example) (no trailing /)")
        }
        return prefix
    }

    /// `key = value  # source` lines in key order, secrets masked: what `config check` prints.
    public func rendered() -> String {
        ConfigurationKeys.all.map { key in
            let entry = entries[key.name]!
            let shown = key.isSecret && !entry.value.isEmpty ? "\"***\"" : "\"\(entry.value)\""
            return "\(key.name) = \(shown)  # \(entry.source.rawValue)"
        }.joined(separator: "\n")
    }
}
