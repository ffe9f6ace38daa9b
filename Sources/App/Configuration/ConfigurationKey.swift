/// One configuration key: its dotted name, the form its value takes, its default, and what it means.
public struct ConfigurationKey: Sendable {
    /// The forms a value can take; each parses from the text of a flag, environment variable or TOML value.
    public enum Kind: Sendable {
        case string
        case integer(ClosedRange<Int>)
        case boolean
        /// `250ms`, `5s`, `2m`, `1h`, `1d`.
        case duration
        /// One of a fixed set of words.
        case choice([String])
        /// An `http://` or `https://` URL (empty allowed when the default is empty).
        case url
        /// Comma-separated in the environment and on the command line, an array in TOML.
        case list
    }

    public let name: String
    public let kind: Kind
    public let defaultValue: String
    /// Secrets are masked by `config check` and in logs.
    public let isSecret: Bool
    public let summary: String

    public init(_ name: String, _ kind: Kind, default defaultValue: String, secret: Bool = false, _ summary: String) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.isSecret = secret
        self.summary = summary
    }

    /// `http.port` ↔ `DISCORDINATION_HTTP_PORT`.
    public var environmentVariable: String {
        "DISCORDINATION_" + name.uppercased().replacingOccurrences(of: ".", with: "_")
    }

    /// What a valid value looks like, for error messages.
    public var expectedForm: String {
        switch kind {
        case .string: "text"
        case .integer(let range): "an integer from \(range.lowerBound) to \(range.upperBound)"
        case .boolean: "true or false"
        case .duration: "a duration such as 250ms, 5s, 2m, 1h or 1d"
        case .choice(let options): "one of " + options.joined(separator: ", ")
        case .url: "an http:// or https:// URL"
        case .list: "a comma-separated list"
        }
    }

    /// A value as its kind reads it.
    enum Value: Sendable {
        case text(String)
        case integer(Int)
        case boolean(Bool)
        case duration(Duration)
    }

    /// Checks `text` has this key's form; returns the normalised text and the value it reads as.
    func validate(_ text: String) throws(ConfigurationError) -> (text: String, value: Value) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        switch kind {
        case .string, .list:
            return (trimmed, .text(trimmed))
        case .integer(let range):
            guard let value = Int(trimmed), range.contains(value) else { throw invalid(text) }
            return (String(value), .integer(value))
        case .boolean:
            switch trimmed.lowercased() {
            case "true", "yes", "on", "1": return ("true", .boolean(true))
            case "false", "no", "off", "0": return ("false", .boolean(false))
            default: throw invalid(text)
            }
        case .duration:
            guard let duration = ConfigurationKey.parseDuration(trimmed) else { throw invalid(text) }
            return (trimmed, .duration(duration))
        case .choice(let options):
            guard options.contains(trimmed.lowercased()) else { throw invalid(text) }
            return (trimmed.lowercased(), .text(trimmed.lowercased()))
        case .url:
            if trimmed.isEmpty && defaultValue.isEmpty { return (trimmed, .text(trimmed)) }
            let lowered = trimmed.lowercased()
            guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://"), trimmed.count > 8 else {
                throw invalid(text)
            }
            return (trimmed, .text(trimmed))
        }
    }

    private func invalid(_ text: String) -> ConfigurationError {
        .invalidValue(key: name, value: isSecret ? "***" : text, expected: expectedForm)
    }

    /// Parses `250ms`, `5s`, `2m`, `1h`, `1d` (a bare number is seconds).
    public static func parseDuration(_ text: String) -> Duration? {
        let units: [(String, Int64)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)]
        for (suffix, milliseconds) in units where text.hasSuffix(suffix) {
            let number = text.dropLast(suffix.count)
            // "ms" must not be read as "m" with a trailing "s".
            if suffix == "s" && number.hasSuffix("m") { continue }
            guard let value = Int64(number), value >= 0 else { return nil }
            return .milliseconds(value * milliseconds)
        }
        guard let seconds = Int64(text), seconds >= 0 else { return nil }
        return .seconds(seconds)
    }
}

/// Why a configuration cannot be used; `description` is the one line printed before exiting.
public enum ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidValue(key: String, value: String, expected: String)
    case unknownKey(String, source: String)
    case unreadableFile(path: String, reason: String)
    case invalidFile(path: String, reason: String)
    case invalidFlag(String)
    case inconsistent(key: String, reason: String)
    /// The code read a key the registry does not list, or as another kind than the registry's: a bug, found when
    /// the configuration loads.
    case unregistered(key: String)
    case wrongKind(key: String, expected: String)

    public var description: String {
        switch self {
        case .invalidValue(let key, let value, let expected):
            "configuration key \(key): '\(value)' is not valid; expected \(expected)"
        case .unknownKey(let key, let source):
            "configuration key \(key) (from \(source)) is not a known key; see Samples/discordination.toml"
        case .unreadableFile(let path, let reason):
            "configuration file \(path) cannot be read: \(reason)"
        case .invalidFile(let path, let reason):
            "configuration file \(path) is not valid TOML: \(reason)"
        case .invalidFlag(let flag):
            "configuration flag '\(flag)' must look like key=value (e.g. --set http.port=8080)"
        case .inconsistent(let key, let reason):
            "configuration key \(key): \(reason)"
        case .unregistered(let key):
            "configuration key \(key) is read but not registered (a bug: add it to ConfigurationKeys)"
        case .wrongKind(let key, let expected):
            "configuration key \(key) is read as a \(expected), which its registered kind is not (a bug)"
        }
    }
}
