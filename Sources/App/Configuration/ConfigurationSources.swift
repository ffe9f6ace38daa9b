import Foundation
import TOMLKit

/// Where a value came from, strongest first.
public enum ConfigurationSource: String, Sendable, Comparable {
    case flag
    case environment
    case file
    case defaultValue = "default"

    private var rank: Int {
        switch self {
        case .flag: 0
        case .environment: 1
        case .file: 2
        case .defaultValue: 3
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}

/// The raw layers a configuration is resolved from: `--set key=value` flags, `DISCORDINATION_*` variables and a
/// TOML file.
public struct ConfigurationSources: Sendable {
    public var flags: [String: String]
    public var environment: [String: String]
    public var file: [String: String]
    public var filePath: String?

    public init(
        flags: [String: String] = [:],
        environment: [String: String] = [:],
        file: [String: String] = [:],
        filePath: String? = nil
    ) {
        self.flags = flags
        self.environment = environment
        self.file = file
        self.filePath = filePath
    }

    /// Reads the layers of a real process: `--set` flags, its environment, and the TOML file at `configPath`
    /// (or `./discordination.toml` when that exists and no path is given).
    public static func load(
        flags: [String],
        configPath: String?,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigurationError) -> ConfigurationSources {
        var sources = ConfigurationSources()
        for flag in flags {
            guard let equals = flag.firstIndex(of: "="), equals != flag.startIndex else {
                throw .invalidFlag(flag)
            }
            let name = String(flag[..<equals]).trimmingCharacters(in: .whitespaces)
            guard ConfigurationKeys.key(named: name) != nil else { throw .unknownKey(name, source: "--set") }
            sources.flags[name] = String(flag[flag.index(after: equals)...])
        }
        for key in ConfigurationKeys.all {
            if let value = environment[key.environmentVariable] {
                sources.environment[key.name] = value
            }
        }
        let path =
            configPath ?? (FileManager.default.fileExists(atPath: "discordination.toml") ? "discordination.toml" : nil)
        if let path {
            sources.file = try parseFile(at: path)
            sources.filePath = path
        }
        return sources
    }

    static func parseFile(at path: String) throws(ConfigurationError) -> [String: String] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .unreadableFile(path: path, reason: error.localizedDescription)
        }
        return try parseTOML(text, path: path)
    }

    /// Flattens TOML tables into dotted keys; arrays become comma-separated lists.
    static func parseTOML(_ text: String, path: String) throws(ConfigurationError) -> [String: String] {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw .invalidFile(path: path, reason: error.debugDescription)
        } catch {
            throw .invalidFile(path: path, reason: "\(error)")
        }
        var values: [String: String] = [:]
        try flatten(table, prefix: "", into: &values, path: path)
        return values
    }

    private static func flatten(
        _ table: TOMLTable,
        prefix: String,
        into values: inout [String: String],
        path: String
    ) throws(ConfigurationError) {
        for (name, value) in table {
            let key = prefix.isEmpty ? name : "\(prefix).\(name)"
            if let nested = value.table {
                try flatten(nested, prefix: key, into: &values, path: path)
                continue
            }
            guard ConfigurationKeys.key(named: key) != nil else { throw .unknownKey(key, source: path) }
            if let array = value.array {
                values[key] = array.map { element in element.string ?? element.int.map(String.init) ?? "\(element)" }
                    .joined(separator: ",")
            } else if let text = value.string {
                values[key] = text
            } else if let number = value.int {
                values[key] = String(number)
            } else if let flag = value.bool {
                values[key] = String(flag)
            } else if let number = value.double {
                values[key] = String(number)
            } else {
                throw .invalidValue(key: key, value: "\(value)", expected: "a string, number, boolean or array")
            }
        }
    }
}
