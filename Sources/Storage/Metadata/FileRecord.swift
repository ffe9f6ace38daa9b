import Foundation
import SQLKit

/// One uploaded file as clients see it (Autumn's file record). Many records may share one stored object (`hash`).
public struct FileRecord: Sendable, Equatable {
    public var id: String
    public var tag: String
    public var filename: String
    public var contentType: String
    public var size: Int64
    /// SHA-256 of the original bytes, lowercase hex.
    public var hash: String
    public var uploaderID: String?
    public var uploadedAt: Date
    public var usedFor: FileUsage?
    public var deleted: Bool
    public var deletedAt: Date?
    public var reported: Bool
    /// The file's metadata as JSON (`{"type":"Image","width":…}`), shaped by the file server.
    public var metadata: String
    public var processing: ProcessingState
    public var processingError: String?

    public init(
        id: String,
        tag: String,
        filename: String,
        contentType: String,
        size: Int64,
        hash: String,
        uploaderID: String? = nil,
        uploadedAt: Date = .now,
        usedFor: FileUsage? = nil,
        deleted: Bool = false,
        deletedAt: Date? = nil,
        reported: Bool = false,
        metadata: String = #"{"type":"File"}"#,
        processing: ProcessingState = .pending,
        processingError: String? = nil
    ) {
        self.id = id
        self.tag = tag
        self.filename = filename
        self.contentType = contentType
        self.size = size
        self.hash = hash
        self.uploaderID = uploaderID
        self.uploadedAt = Date(millisecondsSince1970: uploadedAt.millisecondsSince1970)
        self.usedFor = usedFor
        self.deleted = deleted
        self.deletedAt = deletedAt.map { Date(millisecondsSince1970: $0.millisecondsSince1970) }
        self.reported = reported
        self.metadata = metadata
        self.processing = processing
        self.processingError = processingError
    }

    init(row: any SQLRow) throws {
        let usedForType = try row.decode(column: "used_for_type", as: String?.self)
        let usedForID = try row.decode(column: "used_for_id", as: String?.self)
        self.init(
            id: try row.decode(column: "id", as: String.self),
            tag: try row.decode(column: "tag", as: String.self),
            filename: try row.decode(column: "filename", as: String.self),
            contentType: try row.decode(column: "content_type", as: String.self),
            size: try row.decode(column: "size", as: Int64.self),
            hash: try row.decode(column: "hash", as: String.self),
            uploaderID: try row.decode(column: "uploader_id", as: String?.self),
            uploadedAt: Date(millisecondsSince1970: try row.decode(column: "uploaded_at", as: Int64.self)),
            usedFor: usedForType.map { FileUsage(type: $0, id: usedForID ?? "") },
            deleted: try row.decode(column: "deleted", as: Bool.self),
            deletedAt: try row.decode(column: "deleted_at", as: Int64?.self).map(Date.init(millisecondsSince1970:)),
            reported: try row.decode(column: "reported", as: Bool.self),
            metadata: try row.decode(column: "metadata", as: String.self),
            processing: ProcessingState(rawValue: try row.decode(column: "processing", as: String.self)) ?? .failed,
            processingError: try row.decode(column: "processing_error", as: String?.self)
        )
    }
}

/// What a file is attached to (Autumn's `used_for`): a message, an avatar, a server icon…
public struct FileUsage: Sendable, Equatable, Codable {
    /// `Message`, `UserAvatar`, `ServerIcon`, … (REFERENCE.md lists them).
    public var type: String
    public var id: String

    public init(type: String, id: String) {
        self.type = type
        self.id = id
    }
}

/// Where the media workers are with a file.
public enum ProcessingState: String, Sendable, Equatable, Codable {
    case pending
    case ready
    case failed
}
