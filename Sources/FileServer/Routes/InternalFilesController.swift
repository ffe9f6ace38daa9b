import Foundation
import HTTPSupport
import Hummingbird
import Identity
import Storage

/// The platform's side door (`/internal/files/*`), for the chat API: read a file's record, attach it to what uses
/// it (`used_for`), report or unreport it, delete it. Every call needs `Authorization: Bearer` with
/// `files.admin_token`; while that key is empty the API refuses everything.
public struct InternalFilesController<Context: RequestContext>: Sendable {
    let metadata: MetadataStore
    let adminToken: String

    /// `used_for.type` values Revolt knows (REFERENCE.md).
    static var usageTypes: Set<String> {
        [
            "Message", "ServerBanner", "Emoji", "UserAvatar", "WebhookAvatar", "UserProfileBackground",
            "LegacyGroupIcon", "ChannelIcon", "ServerIcon",
        ]
    }

    public init(metadata: MetadataStore, adminToken: String) {
        self.metadata = metadata
        self.adminToken = adminToken
    }

    public func addRoutes(to router: Router<Context>) {
        let files = router.group("internal/files")
            .add(middleware: AdminTokenMiddleware(token: adminToken, key: "files.admin_token"))
        files.get(":id") { request, context in
            return try await FileRecordBody(record(context))
        }
        files.put(":id/used_for") { request, context in
            let usage = try await request.decode(as: FileUsage.self, context: context)
            guard Self.usageTypes.contains(usage.type), !usage.id.isEmpty, usage.id.utf8.count <= 128 else {
                throw FileServerError.invalidRequest(
                    "used_for.type must be one of \(Self.usageTypes.sorted().joined(separator: ", ")) with an id"
                )
            }
            let file = try await record(context)
            guard try await metadata.attach(fileID: file.id, to: usage) else {
                let current = try await record(context)
                guard current.usedFor == usage else {
                    throw FileServerError(.conflict, "AlreadyAttached", ["reason": .string("the file is used already")])
                }
                return try FileRecordBody(current)
            }
            return try await FileRecordBody(record(context))
        }
        files.put(":id/report") { request, context in
            _ = try await metadata.setReported(fileID: record(context).id, true)
            return try await FileRecordBody(record(context))
        }
        files.delete(":id/report") { request, context in
            _ = try await metadata.setReported(fileID: record(context).id, false)
            return try await FileRecordBody(record(context))
        }
        files.delete(":id") { request, context in
            _ = try await metadata.markDeleted(fileID: record(context).id)
            return try await FileRecordBody(record(context))
        }
    }

    func record(_ context: Context) async throws -> FileRecord {
        guard let id = context.parameters.get("id"), FileID.isValid(id), let file = try await metadata.file(id: id)
        else { throw FileServerError.notFound }
        return file
    }
}

/// A file record as Autumn shapes it (`_id`, `tag`, `filename`, `metadata` as an object, …) plus its processing
/// state.
struct FileRecordBody: ResponseGenerator {
    let json: Data

    init(_ file: FileRecord) throws {
        var object: [String: Any] = [
            "_id": file.id, "tag": file.tag, "filename": file.filename, "hash": file.hash,
            "uploaded_at": ISO8601DateFormatter().string(from: file.uploadedAt), "deleted": file.deleted,
            "reported": file.reported, "content_type": file.contentType, "size": file.size,
            "processing": file.processing.rawValue,
            "metadata": (try? JSONSerialization.jsonObject(with: Data(file.metadata.utf8))) ?? ["type": "File"],
        ]
        if let uploader = file.uploaderID { object["uploader_id"] = uploader }
        if let usage = file.usedFor { object["used_for"] = ["type": usage.type, "id": usage.id] }
        if let reason = file.processingError { object["processing_error"] = reason }
        json = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: json)))
    }
}
