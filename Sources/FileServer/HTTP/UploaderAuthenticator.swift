import HTTPSupport
import HTTPTypes
import Storage

/// Who is uploading: a user's session or bot token from `X-Session-Token` / `X-Bot-Token`, checked against the
/// hashed tokens in the `MetadataStore`, or nobody when anonymous uploads are allowed.
public struct UploaderAuthenticator: Sendable {
    public enum Uploader: Sendable, Equatable {
        case user(id: String, bot: Bool)
        case anonymous
    }

    static let sessionHeader = HTTPField.Name("X-Session-Token")!
    static let botHeader = HTTPField.Name("X-Bot-Token")!

    let metadata: MetadataStore
    let allowAnonymous: Bool

    public init(metadata: MetadataStore, allowAnonymous: Bool) {
        self.metadata = metadata
        self.allowAnonymous = allowAnonymous
    }

    /// The uploader the headers name. A token that is present but unknown, revoked or expired is refused even when
    /// anonymous uploads are allowed, so a client with a stale session learns it instead of uploading as nobody.
    public func authenticate(_ headers: HTTPFields) async throws -> Uploader {
        let token: (String, SessionRecord.Kind)? =
            if let session = headers[Self.sessionHeader] {
                (session, .session)
            } else if let bot = headers[Self.botHeader] {
                (bot, .bot)
            } else {
                nil
            }
        guard let (value, kind) = token else {
            guard allowAnonymous else { throw FileServerError.notAuthenticated }
            return .anonymous
        }
        guard !value.isEmpty, value.utf8.count <= 512,
            let session = try await metadata.session(token: value, kind: kind)
        else { throw FileServerError.invalidSession }
        return .user(id: session.userID, bot: kind == .bot)
    }
}
