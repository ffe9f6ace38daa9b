/// Every key's effective value and where it came from, after flags, environment, file and defaults.
public struct ResolvedConfiguration: Sendable {
    public struct Entry: Sendable {
        public var key: ConfigurationKey
        public var value: String
        public var source: ConfigurationSource
        /// The value as its kind reads it, parsed once when it was validated.
        var typed: ConfigurationKey.Value
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
            let (source, raw) =
                layers.lazy.compactMap { layer in layer.1.map { (layer.0, $0) } }.first ?? (
                    .defaultValue, key.defaultValue
                )
            let (value, typed) = try key.validate(raw)
            entries[key.name] = Entry(key: key, value: value, source: source, typed: typed)
        }
    }

    /// The value of `name` as text (a list comma-separated). A name missing from the registry throws rather than
    /// stopping the process: every value is read while the configuration loads, so a typo in the code fails there.
    public subscript(name: String) -> String {
        get throws(ConfigurationError) { try entry(name).value }
    }

    public func int(_ name: String) throws(ConfigurationError) -> Int {
        guard case .integer(let value) = try entry(name).typed else { throw .wrongKind(key: name, expected: "integer") }
        return value
    }

    public func bool(_ name: String) throws(ConfigurationError) -> Bool {
        guard case .boolean(let value) = try entry(name).typed else { throw .wrongKind(key: name, expected: "boolean") }
        return value
    }

    public func duration(_ name: String) throws(ConfigurationError) -> Duration {
        guard case .duration(let value) = try entry(name).typed else {
            throw .wrongKind(key: name, expected: "duration")
        }
        return value
    }

    public func list(_ name: String) throws(ConfigurationError) -> [String] {
        try self[name].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    private func entry(_ name: String) throws(ConfigurationError) -> Entry {
        guard let entry = entries[name] else { throw .unregistered(key: name) }
        return entry
    }

    /// A route prefix: empty, or a path like `/autumn` with no trailing or doubled slash.
    public func pathPrefix(_ name: String, example: String) throws(ConfigurationError) -> String {
        let prefix = try self[name]
        guard prefix.isEmpty || (prefix.hasPrefix("/") && !prefix.hasSuffix("/") && !prefix.contains("//")) else {
            throw .inconsistent(key: name, reason: "must be empty or a path like \(example) (no trailing /)")
        }
        return prefix
    }

    /// `key = value  # source` lines in key order, secrets masked: what `config check` prints.
    public func rendered() -> String {
        ConfigurationKeys.all.compactMap { key in
            guard let entry = entries[key.name] else { return nil }
            let shown = key.isSecret && !entry.value.isEmpty ? "\"***\"" : "\"\(entry.value)\""
            return "\(key.name) = \(shown)  # \(entry.source.rawValue)"
        }.joined(separator: "\n")
    }
}
