import Crypto
import Foundation
import HTTPSupport

/// JSON Web Tokens signed with HMAC-SHA256, the only kind LiveKit uses: made for join tokens, checked on LiveKit's
/// webhooks.
enum HS256Token {
    enum Failure: Error, Equatable, CustomStringConvertible {
        case malformed
        case wrongAlgorithm
        case badSignature
        case expired
        case notYetValid

        var description: String {
            switch self {
            case .malformed: "the token is not a JWT"
            case .wrongAlgorithm: "the token is not signed with HS256"
            case .badSignature: "the token's signature does not match"
            case .expired: "the token has expired"
            case .notYetValid: "the token is not valid yet"
            }
        }
    }

    static func sign(_ claims: [String: JSONValue], secret: String) throws -> String {
        let header = base64URL(try JSONCoding.encode(JSONValue.object(["alg": "HS256", "typ": "JWT"])))
        let payload = base64URL(try JSONCoding.encode(JSONValue.object(claims)))
        let input = header + "." + payload
        return input + "." + base64URL(Array(signature(of: input, secret: secret)))
    }

    /// The claims of a token signed with `secret`, checked for its algorithm, signature, `exp` and `nbf` (with
    /// `leeway` for clocks that differ).
    static func verify(
        _ token: String, secret: String, now: Date = .now, leeway: TimeInterval = 10
    ) throws
        -> [String: JSONValue]
    {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerBytes = decodeBase64URL(parts[0]),
            let payloadBytes = decodeBase64URL(parts[1]), let signatureBytes = decodeBase64URL(parts[2]),
            let header = try? JSONCoding.decoder.decode(JSONValue.self, from: Data(headerBytes)),
            case .object(let claims)? = try? JSONCoding.decoder.decode(JSONValue.self, from: Data(payloadBytes))
        else { throw Failure.malformed }
        guard header["alg"]?.string == "HS256" else { throw Failure.wrongAlgorithm }
        let expected = signature(of: parts[0] + "." + parts[1], secret: secret)
        guard ConstantTime.equal(expected, signatureBytes) else { throw Failure.badSignature }
        let seconds = now.timeIntervalSince1970
        if let exp = claims["exp"]?.int, Double(exp) + leeway < seconds { throw Failure.expired }
        if let nbf = claims["nbf"]?.int, Double(nbf) - leeway > seconds { throw Failure.notYetValid }
        return claims
    }

    static func signature(of input: some StringProtocol, secret: String) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: Data(input.utf8), using: SymmetricKey(data: Data(secret.utf8))))
    }

    static func base64URL(_ bytes: some Sequence<UInt8>) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func decodeBase64URL(_ text: some StringProtocol) -> [UInt8]? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64).map(Array.init)
    }
}
