import Foundation

/// File ids as Autumn makes them: 42 characters of `[0-9A-Za-z_-]` from the system's secure generator, or ULIDs
/// for emojis (Revolt's emoji ids are ULIDs).
public enum FileID {
    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-")
    /// Crockford's base 32, which ULIDs are written in.
    static let crockford = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    public static func make(length: Int = 42) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
    }

    /// The id style of `tag`: a ULID for emojis, a 42-character id otherwise.
    public static func make(forTag tag: String) -> String {
        tag == "emojis" ? makeULID() : make()
    }

    /// A ULID: 48 bits of milliseconds since 1970 then 80 random bits, as 26 Crockford base-32 characters, so ids
    /// made later sort after earlier ones.
    public static func makeULID(milliseconds: UInt64 = UInt64(Date().timeIntervalSince1970 * 1000)) -> String {
        var generator = SystemRandomNumberGenerator()
        var characters: [Character] = []
        for shift in stride(from: 45, through: 0, by: -5) {
            characters.append(crockford[Int((milliseconds >> UInt64(shift)) & 31)])
        }
        for _ in 0..<16 { characters.append(crockford[Int(generator.next() % 32)]) }
        return String(characters)
    }

    public static func isValid(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 64 && id.allSatisfy { alphabet.contains($0) }
    }
}
