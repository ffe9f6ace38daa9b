import Foundation

/// The ids of users, servers, channels, roles and messages: 26-character ULIDs (48 bits of milliseconds, 80 random
/// bits, Crockford base32), so ids sort by creation time and clients read the time from them.
public enum ULID {
    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    /// A new id for `time`. Two ids made in one millisecond differ in their random part.
    public static func make(at time: Date = .now) -> String {
        let milliseconds = UInt64(max(0, time.timeIntervalSince1970 * 1000))
        var generator = SystemRandomNumberGenerator()
        var characters = [UInt8](repeating: 0, count: 26)
        var timeBits = milliseconds
        for index in stride(from: 9, through: 0, by: -1) {
            characters[index] = alphabet[Int(timeBits & 31)]
            timeBits >>= 5
        }
        for index in 10..<26 {
            characters[index] = alphabet[Int(generator.next() & 31)]
        }
        return String(decoding: characters, as: UTF8.self)
    }

    /// True for 26 characters of Crockford base32 (upper case) whose time part fits 48 bits.
    public static func isValid(_ id: some StringProtocol) -> Bool {
        let bytes = Array(id.utf8)
        guard bytes.count == 26, let first = bytes.first, first <= UInt8(ascii: "7") else { return false }
        return bytes.allSatisfy { alphabet.contains($0) }
    }

    /// The creation time an id carries.
    public static func time(of id: String) -> Date? {
        guard isValid(id) else { return nil }
        var milliseconds: UInt64 = 0
        for byte in id.utf8.prefix(10) {
            guard let value = alphabet.firstIndex(of: byte) else { return nil }
            milliseconds = milliseconds << 5 | UInt64(value)
        }
        return Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}
