import Foundation
import HTTPTypes
import Hummingbird
import Media
import RedisClient
import Storage

/// An error the file server answers with, rendered as Autumn's JSON shape `{"type": "…", …}` (REFERENCE.md) plus
/// any headers it needs (rate-limit headers, `Connection: close` when the request body was left unread).
public struct FileServerError: HTTPResponseError, Equatable {
    public var status: HTTPResponse.Status
    /// Autumn's error name: `FileTooLarge`, `UnknownTag`, …
    public var type: String
    /// Further members of the JSON body: `max`, `reason`, `retry_after`.
    public var fields: [String: Field]
    public var headers: [(name: String, value: String)]

    public enum Field: Equatable, Sendable, Encodable {
        case int(Int)
        case double(Double)
        case string(String)

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .int(let value): try container.encode(value)
            case .double(let value): try container.encode(value)
            case .string(let value): try container.encode(value)
            }
        }
    }

    public init(
        _ status: HTTPResponse.Status,
        _ type: String,
        _ fields: [String: Field] = [:],
        headers: [(name: String, value: String)] = []
    ) {
        self.status = status
        self.type = type
        self.fields = fields
        self.headers = headers
    }

    public static func == (left: FileServerError, right: FileServerError) -> Bool {
        left.status == right.status && left.type == right.type && left.fields == right.fields
    }

    public static let unknownTag = FileServerError(.badRequest, "UnknownTag")
    public static let fileTooSmall = FileServerError(.unprocessableContent, "FileTooSmall")
    public static let notFound = FileServerError(.notFound, "NotFound")
    public static let notAuthenticated = FileServerError(.unauthorized, "NotAuthenticated")
    public static let invalidSession = FileServerError(.unauthorized, "InvalidSession")

    public static func fileTooLarge(max: Int) -> FileServerError {
        FileServerError(.unprocessableContent, "FileTooLarge", ["max": .int(max)])
    }
    public static func fileTypeNotAllowed(_ reason: String) -> FileServerError {
        FileServerError(.badRequest, "FileTypeNotAllowed", ["reason": .string(reason)])
    }
    /// An image whose header declares more pixels, a longer side or more frames than the tag allows.
    public static func imageTooLarge(_ reason: String) -> FileServerError {
        FileServerError(.unprocessableContent, "ImageTooLarge", ["reason": .string(reason)])
    }
    /// The request carries no `file` field (or no multipart body at all).
    public static func missingData(_ reason: String) -> FileServerError {
        FileServerError(.badRequest, "MissingData", ["reason": .string(reason)])
    }
    /// The body could not be read as multipart: malformed, or cut off before its end.
    public static func failedToReceive(_ reason: String) -> FileServerError {
        FileServerError(.badRequest, "FailedToReceive", ["reason": .string(reason)])
    }
    public static func invalidRequest(_ reason: String) -> FileServerError {
        FileServerError(.badRequest, "InvalidRequest", ["reason": .string(reason)])
    }
    /// The blob store or the database failed; nothing was kept.
    public static func storageUnavailable(_ reason: String) -> FileServerError {
        FileServerError(.serviceUnavailable, "StorageUnavailable", ["reason": .string(reason)])
    }
    /// The picture is still being processed (its metadata stripped) after `files.processing_wait`.
    public static let stillProcessing = FileServerError(
        .serviceUnavailable, "FileProcessing", ["retry_after": .double(1)], headers: [("Retry-After", "1")])
    public static func forbidden(_ reason: String) -> FileServerError {
        FileServerError(.forbidden, "Forbidden", ["reason": .string(reason)])
    }
    public static func rangeNotSatisfiable(size: Int64) -> FileServerError {
        FileServerError(.rangeNotSatisfiable, "RangeNotSatisfiable", headers: [("Content-Range", "bytes */\(size)")])
    }
    public static func rateLimited(_ decision: RateLimitDecision) -> FileServerError {
        let seconds =
            Double(decision.resetAfter.components.seconds)
            + Double(decision.resetAfter.components.attoseconds) / 1e18
        return FileServerError(
            .tooManyRequests, "RateLimited", ["retry_after": .double((seconds * 1000).rounded() / 1000)],
            headers: decision.headers()
        )
    }

    /// The same error, telling the client the connection closes: used when the request body was not read to its
    /// end, so the server stops reading instead of draining an upload it refused.
    public func closingConnection() -> FileServerError {
        var copy = self
        copy.headers.append(("Connection", "close"))
        return copy
    }

    /// The answer to an error thrown while taking an upload, in Autumn's terms.
    public static func from(upload error: any Error) -> FileServerError {
        switch error {
        case let error as FileServerError: return error
        case let error as UploadError:
            switch error {
            case .fileTooLarge(let max): return .fileTooLarge(max: max)
            case .fileTooSmall: return .fileTooSmall
            case .fileTypeNotAllowed(let reason): return .fileTypeNotAllowed(reason)
            case .imageTooLarge(let reason): return .imageTooLarge(reason)
            case .unknownTag: return .unknownTag
            }
        case let error as MultipartError: return .failedToReceive(error.description)
        case MultipartFileStreamError.missingField(let reason): return .missingData(reason)
        default: return .storageUnavailable("the file store failed; nothing was kept")
        }
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var body: [String: Field] = fields
        body["type"] = .string(type)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var fields = HTTPFields()
        fields[.contentType] = "application/json; charset=utf-8"
        fields[.cacheControl] = "no-store"
        for header in headers {
            if let name = HTTPField.Name(header.name) { fields.append(HTTPField(name: name, value: header.value)) }
        }
        return Response(
            status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(body))))
    }
}
