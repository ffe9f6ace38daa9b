import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A job's identity: 128 random bits in hex, made by whoever enqueues it. It stays the same across retries.
public struct JobID: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    public init() {
        let (high, low) = RandomBits.shared.next128()
        rawValue = String(unsafeUninitializedCapacity: 32) { buffer in
            Self.writeHex(high, into: buffer, at: 0)
            Self.writeHex(low, into: buffer, at: 16)
            return 32
        }
    }

    public var description: String { rawValue }

    private static func writeHex(_ value: UInt64, into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        let digits = Array("0123456789abcdef".utf8)
        for index in 0..<16 {
            buffer[offset + index] = digits[Int((value >> UInt64(60 - 4 * index)) & 0xF)]
        }
    }
}

/// Random bits from the kernel, fetched 4 KiB at a time from `/dev/urandom`: a batch enqueue makes thousands of ids,
/// and a `getrandom` call per word (what `SystemRandomNumberGenerator` does) cost more than the rest of making the
/// job. Falls back to the system generator if the device cannot be read.
final class RandomBits: Sendable {
    static let shared = RandomBits()

    private struct Pool {
        var words = [UInt64](repeating: 0, count: 512)
        var next = 512
    }

    private let pool = Mutex(Pool())

    private static func fill(_ bytes: UnsafeMutableRawBufferPointer) {
        var filled = 0
        let device = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
        if device >= 0 {
            while filled < bytes.count {
                let got = read(device, bytes.baseAddress! + filled, bytes.count - filled)
                if got <= 0 { break }
                filled += got
            }
            close(device)
        }
        var generator = SystemRandomNumberGenerator()
        while filled + 8 <= bytes.count {
            bytes.storeBytes(of: generator.next() as UInt64, toByteOffset: filled, as: UInt64.self)
            filled += 8
        }
    }

    func next128() -> (UInt64, UInt64) {
        pool.withLock { pool in
            if pool.next + 2 > pool.words.count {
                pool.words.withUnsafeMutableBytes(Self.fill)
                pool.next = 0
            }
            defer { pool.next += 2 }
            return (pool.words[pool.next], pool.words[pool.next + 1])
        }
    }
}
