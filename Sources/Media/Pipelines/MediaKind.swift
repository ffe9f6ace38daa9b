/// What an upload is, as Autumn's metadata `type` names it (lower-cased here): the kinds a tag may accept.
public enum MediaKind: String, Sendable, CaseIterable, Codable {
    case image
    case video
    case audio
    case text
    case file
}
