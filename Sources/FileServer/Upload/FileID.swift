/// File ids as Autumn makes them: 42 characters of `[0-9A-Za-z_-]` from the system's secure generator.
public enum FileID {
    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-")

    public static func make(length: Int = 42) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
    }

    public static func isValid(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 64 && id.allSatisfy { alphabet.contains($0) }
    }
}
