import Foundation
import HTTPSupport
import Storage

/// Revolt's File object: an upload of the file server as messages, avatars and icons hold it.
public struct FileObject: Codable, Sendable, Equatable {
    public var id: String
    public var tag: String
    public var filename: String
    public var metadata: JSONValue
    public var contentType: String
    public var size: Int64

    enum CodingKeys: String, CodingKey {
        case id = "_id"
        case tag, filename, metadata
        case contentType = "content_type"
        case size
    }

    public init(_ record: FileRecord) {
        id = record.id
        tag = record.tag
        filename = record.filename
        metadata =
            (try? JSONCoding.decoder.decode(JSONValue.self, from: Data(record.metadata.utf8)))
            ?? .object(["type": .string("File")])
        contentType = record.contentType
        size = record.size
    }
}
