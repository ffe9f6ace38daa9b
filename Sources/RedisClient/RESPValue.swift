/// One reply from Redis in the RESP2 protocol, as hiredis' reader decodes it.
public enum RESPValue: Sendable, Equatable {
    case simpleString(String)
    case error(String)
    case integer(Int64)
    case bulkString([UInt8])
    case array([RESPValue])
    case null

    /// The reply as text: simple and bulk strings (UTF-8), integers in decimal; nil otherwise.
    public var string: String? {
        switch self {
        case .simpleString(let text): text
        case .bulkString(let bytes): String(decoding: bytes, as: UTF8.self)
        case .integer(let value): String(value)
        default: nil
        }
    }

    /// The reply as a number: integers, and strings that hold one.
    public var int: Int? {
        switch self {
        case .integer(let value): Int(value)
        case .bulkString, .simpleString: string.flatMap { Int($0) }
        default: nil
        }
    }

    /// The elements of an array reply; nil for anything else (including a null array).
    public var array: [RESPValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The raw bytes of a bulk or simple string.
    public var bytes: [UInt8]? {
        switch self {
        case .bulkString(let bytes): bytes
        case .simpleString(let text): Array(text.utf8)
        default: nil
        }
    }

    public var isNull: Bool { self == .null }
}
