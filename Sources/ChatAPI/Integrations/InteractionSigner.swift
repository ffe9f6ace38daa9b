import Crypto
import Foundation
import Storage

/// Signs deliveries to a bot's `interactions_url` as Discord signs interactions: Ed25519 over the timestamp followed
/// by the raw body, sent as hex in `X-Signature-Ed25519` beside `X-Signature-Timestamp`, so existing verifiers
/// (discord-interactions, PyNaCl, tweetnacl) accept them with the bot's public key.
enum InteractionSigner {
    static let signatureHeader = "X-Signature-Ed25519"
    static let timestampHeader = "X-Signature-Timestamp"

    /// A new private key as stored: its 32 raw bytes in base64.
    static func makeKey() -> String {
        Curve25519.Signing.PrivateKey().rawRepresentation.base64EncodedString()
    }

    /// The hex public key of a stored private key; nil when the text is not one.
    static func publicKey(ofKey stored: String) -> String? {
        privateKey(stored).map { Hex.encode($0.publicKey.rawRepresentation) }
    }

    static func privateKey(_ stored: String) -> Curve25519.Signing.PrivateKey? {
        Data(base64Encoded: stored).flatMap { try? Curve25519.Signing.PrivateKey(rawRepresentation: $0) }
    }

    /// The two headers for `body` sent at `timestamp` (Unix seconds, as text).
    static func headers(
        body: [UInt8], timestamp: String, key: Curve25519.Signing.PrivateKey
    ) throws -> [(
        String, String
    )] {
        let signature = try key.signature(for: Array(timestamp.utf8) + body)
        return [(signatureHeader, Hex.encode(signature)), (timestampHeader, timestamp)]
    }

    /// Headers that look right and are not: a valid signature by another key. An endpoint that accepts them does
    /// not check signatures.
    static func forgedHeaders(body: [UInt8], timestamp: String) throws -> [(String, String)] {
        try headers(body: body, timestamp: timestamp, key: Curve25519.Signing.PrivateKey())
    }

    static func timestamp(_ date: Date = .now) -> String {
        String(Int64(date.timeIntervalSince1970))
    }
}
