import CHiredis
import Foundation
import NIOCore

/// One Redis command: its name and arguments as binary-safe byte strings.
public struct RedisCommand: Sendable, Equatable {
    public var arguments: [[UInt8]]

    public init(_ name: String, _ arguments: [any RESPArgumentConvertible] = []) {
        self.arguments = [Array(name.utf8)] + arguments.map(\.respArgument)
    }

    public init(_ name: String, _ arguments: any RESPArgumentConvertible...) {
        self.init(name, arguments)
    }

    /// The command's name, upper-cased, for logs and metrics.
    public var name: String {
        String(decoding: arguments.first ?? [], as: UTF8.self).uppercased()
    }

    /// Appends the command in RESP form to `buffer`, formatted by hiredis.
    func encode(into buffer: inout ByteBuffer) {
        let flat = arguments.flatMap { $0 }
        let lengths = arguments.map(\.count)
        flat.withUnsafeBufferPointer { storage in
            let base = UnsafeRawPointer(storage.baseAddress) ?? UnsafeRawPointer(bitPattern: 1)!
            var offset = 0
            var pointers: [UnsafePointer<CChar>?] = []
            pointers.reserveCapacity(lengths.count)
            for length in lengths {
                pointers.append((base + offset).assumingMemoryBound(to: CChar.self))
                offset += length
            }
            var target: UnsafeMutablePointer<CChar>?
            let written = pointers.withUnsafeMutableBufferPointer { argv in
                lengths.withUnsafeBufferPointer { argvlen in
                    redisFormatCommandArgv(&target, Int32(lengths.count), argv.baseAddress, argvlen.baseAddress)
                }
            }
            guard written > 0, let target else { return }
            defer { free(target) }
            buffer.writeBytes(UnsafeRawBufferPointer(start: target, count: Int(written)))
        }
    }
}

/// A value that can be sent as one argument of a Redis command.
public protocol RESPArgumentConvertible: Sendable {
    var respArgument: [UInt8] { get }
}

extension String: RESPArgumentConvertible {
    public var respArgument: [UInt8] { Array(utf8) }
}

extension Substring: RESPArgumentConvertible {
    public var respArgument: [UInt8] { Array(utf8) }
}

extension Int: RESPArgumentConvertible {
    public var respArgument: [UInt8] { Array(String(self).utf8) }
}

extension Int64: RESPArgumentConvertible {
    public var respArgument: [UInt8] { Array(String(self).utf8) }
}

extension Double: RESPArgumentConvertible {
    public var respArgument: [UInt8] { Array(String(self).utf8) }
}

extension Array: RESPArgumentConvertible where Element == UInt8 {
    public var respArgument: [UInt8] { self }
}
