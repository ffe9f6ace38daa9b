import Foundation
import HTTPSupport
import SQLKit
import Storage

/// The chat API's records (accounts, users, servers, channels, members, messages, read state) in the metadata
/// database, beside the files they hold. Every change is one transaction; the events it causes are published by
/// the caller after it commits.
public struct ChatStore: Sendable {
    public let metadata: MetadataStore

    public init(metadata: MetadataStore) {
        self.metadata = metadata
    }

    func read<Result: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> Result) async throws -> Result {
        try await metadata.withConnection(body)
    }

    func write<Result: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> Result) async throws -> Result {
        try await metadata.withTransaction(body)
    }

    /// A value as the JSON text a TEXT column holds.
    static func json(_ value: some Encodable) -> String {
        (try? String(decoding: JSONCoding.encode(value), as: UTF8.self)) ?? "null"
    }

    /// Nil stays NULL.
    static func json(_ value: (some Encodable)?) -> String? {
        value.map { json($0) }
    }

    /// Replaces an image a record holds (avatar, icon, banner, background) inside the record's transaction: the new
    /// upload is claimed under `tag` (uploaded by `uploaderID`, unused), the old one released to cleanup; a nil id
    /// removes the image.
    static func replaceFile(
        _ current: FileObject?, with newID: String?, tag: String, uploaderID: String, usage: FileUsage,
        on connection: any SQLDatabase
    ) async throws -> FileObject? {
        if let current { try await FileClaims.release(fileID: current.id, heldBy: usage, on: connection) }
        guard let newID else { return nil }
        return FileObject(
            try await FileClaims.claim([newID], tag: tag, uploaderID: uploaderID, usage: usage, on: connection)[0])
    }

    static var nowMilliseconds: Int64 { Date.now.millisecondsSince1970 }
}

extension SQLRow {
    /// A JSON TEXT column decoded, nil when NULL.
    func json<Value: Decodable>(_ column: String, as type: Value.Type) throws -> Value? {
        guard let text = try decode(column: column, as: String?.self) else { return nil }
        return try JSONCoding.decoder.decode(Value.self, from: Data(text.utf8))
    }

    func milliseconds(_ column: String) throws -> Date? {
        try decode(column: column, as: Int64?.self).map(Date.init(millisecondsSince1970:))
    }
}
