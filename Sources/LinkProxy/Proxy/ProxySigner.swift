import Crypto
import Foundation

/// Signs proxy URLs with HMAC-SHA256 so the proxy serves only URLs Discordination produced. Keys rotate: the first
/// key signs, every listed key verifies, so an old key can stay listed until the embeds it signed expire.
public struct ProxySigner: Sendable {
    public struct Key: Sendable, Equatable {
        public var id: String
        public var secret: [UInt8]

        public init(id: String, secret: [UInt8]) {
            self.id = id
            self.secret = secret
        }

        /// Parses `id:secret[,id:secret…]`; ids are words, secrets at least 16 bytes.
        public static func parseList(_ text: String) -> [Key]? {
            var keys: [Key] = []
            for entry in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) })
            where !entry.isEmpty {
                let parts = entry.split(separator: ":", maxSplits: 1)
                guard parts.count == 2, !parts[0].isEmpty, parts[0].allSatisfy({ $0.isLetter || $0.isNumber }),
                    parts[1].utf8.count >= 16
                else { return nil }
                keys.append(Key(id: String(parts[0]), secret: Array(parts[1].utf8)))
            }
            return keys
        }
    }

    public let keys: [Key]

    public init(keys: [Key]) {
        self.keys = keys
    }

    public var isEnabled: Bool { !keys.isEmpty }

    /// `KEYID.SIGNATURE` (base64url, no padding) for `url`.
    public func sign(_ url: String) -> String? {
        guard let key = keys.first else { return nil }
        return key.id + "." + Self.base64URL(Self.code(url, key))
    }

    public func verify(_ url: String, signature: String) -> Bool {
        let parts = signature.split(separator: ".", maxSplits: 1)
        guard parts.count == 2, let key = keys.first(where: { $0.id == parts[0] }),
            let given = Self.decodeBase64URL(String(parts[1]))
        else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(
            given, authenticating: Data(url.utf8), using: SymmetricKey(data: key.secret))
    }

    static func code(_ url: String, _ key: Key) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: Data(url.utf8), using: SymmetricKey(data: key.secret)))
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func decodeBase64URL(_ text: String) -> [UInt8]? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64).map(Array.init)
    }
}
