/// A bot as its owner sees it (Revolt's `Bot`), with the public half of the key its event deliveries are signed
/// with.
public struct BotObject: Codable, Sendable, Equatable {
    public var id: String
    public var owner: String
    /// The bot's token; only filled in the answer that made or reset it (the server keeps only its hash).
    public var token: String
    public var isPublic: Bool
    public var analytics: Bool = false
    public var discoverable: Bool = false
    public var interactionsURL: String?
    public var termsOfServiceURL: String?
    public var privacyPolicyURL: String?
    public var flags: Int64 = 0
    /// Hex Ed25519 public key that verifies `X-Signature-Ed25519` on deliveries to `interactions_url`.
    public var publicKey: String?

    enum CodingKeys: String, CodingKey {
        case id = "_id"
        case owner, token, analytics, discoverable, flags
        case isPublic = "public"
        case interactionsURL = "interactions_url"
        case termsOfServiceURL = "terms_of_service_url"
        case privacyPolicyURL = "privacy_policy_url"
        case publicKey = "public_key"
    }
}

/// A public bot as anyone may see it before inviting it (`GET /bots/{id}/invite`).
public struct PublicBotObject: Codable, Sendable, Equatable {
    public var id: String
    public var username: String
    /// The avatar's file id.
    public var avatar: String?
    public var description: String?

    enum CodingKeys: String, CodingKey {
        case id = "_id"
        case username, avatar, description
    }
}
