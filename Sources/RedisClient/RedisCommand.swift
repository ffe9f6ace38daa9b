import Foundation
import NIOCore

/// One Redis command, kept in its RESP form (an array of bulk strings, lengths in decimal) from the moment it
/// is made: arguments are written straight into one byte array, with no array per argument and nothing left to
/// format when the command is sent.
public struct RedisCommand: Sendable, Equatable {
    /// The name as given, for logs, metrics and timeouts.
    let givenName: String
    /// The whole command in RESP form.
    private let encoded: [UInt8]

    public init(_ name: String, _ arguments: [any RESPArgumentConvertible] = []) {
        self.givenName = name
        var encoded: [UInt8] = []
        encoded.reserveCapacity(16 + name.utf8.count + 24 * arguments.count)
        encoded.append(UInt8(ascii: "*"))
        encoded.appendDecimalLine(arguments.count + 1)
        encoded.appendBulkString(name.utf8)
        for argument in arguments {
            argument.appendRESP(to: &encoded)
        }
        self.encoded = encoded
    }

    public init(_ name: String, _ arguments: any RESPArgumentConvertible...) {
        self.init(name, arguments)
    }

    /// The command's name, upper-cased, for logs and metrics.
    public var name: String { givenName.uppercased() }

    /// Appends the command in RESP form to `buffer`.
    func encode(into buffer: inout ByteBuffer) {
        buffer.writeBytes(encoded)
    }
}

extension [UInt8] {
    /// Appends a non-negative count in ASCII decimal followed by CRLF, as RESP headers need.
    mutating func appendDecimalLine(_ value: Int) {
        if value < 10 {
            append(UInt8(ascii: "0") + UInt8(value))
        } else {
            append(contentsOf: String(value).utf8)
        }
        append(0x0D)
        append(0x0A)
    }

    /// Appends one RESP bulk string: `$`, the length, CRLF, the bytes, CRLF.
    mutating func appendBulkString(_ bytes: some Collection<UInt8>) {
        append(UInt8(ascii: "$"))
        appendDecimalLine(bytes.count)
        append(contentsOf: bytes)
        append(0x0D)
        append(0x0A)
    }
}

/// A value that can be sent as one argument of a Redis command.
public protocol RESPArgumentConvertible: Sendable {
    /// Appends the value as one RESP bulk string.
    func appendRESP(to command: inout [UInt8])
}

extension String: RESPArgumentConvertible {
    public func appendRESP(to command: inout [UInt8]) { command.appendBulkString(utf8) }
}

extension Substring: RESPArgumentConvertible {
    public func appendRESP(to command: inout [UInt8]) { command.appendBulkString(utf8) }
}

extension Int: RESPArgumentConvertible {
    public func appendRESP(to command: inout [UInt8]) { command.appendBulkString(String(self).utf8) }
}

extension Int64: RESPArgumentConvertible {
    public func appendRESP(to command: inout [UInt8]) { command.appendBulkString(String(self).utf8) }
}

extension Double: RESPArgumentConvertible {
    public func appendRESP(to command: inout [UInt8]) { command.appendBulkString(String(self).utf8) }
}

extension Array: RESPArgumentConvertible where Element == UInt8 {
    public func appendRESP(to command: inout [UInt8]) { command.appendBulkString(self) }
}
