import HTTPSupport
import Media
import Storage

/// The file server's errors are `APIError`s in Autumn's terms (REFERENCE.md): the shared ones (`NotFound`,
/// `InvalidSession`, `RateLimited`, …) and the upload and download errors below.
public typealias FileServerError = APIError

extension APIError {
    public static let unknownTag = APIError(.badRequest, "UnknownTag")
    public static let fileTooSmall = APIError(.unprocessableContent, "FileTooSmall")

    public static func fileTooLarge(max: Int) -> APIError {
        APIError(.unprocessableContent, "FileTooLarge", ["max": .int(max)])
    }
    public static func fileTypeNotAllowed(_ reason: String) -> APIError {
        APIError(.badRequest, "FileTypeNotAllowed", ["reason": .string(reason)])
    }
    /// An image whose header declares more pixels, a longer side or more frames than the tag allows.
    public static func imageTooLarge(_ reason: String) -> APIError {
        APIError(.unprocessableContent, "ImageTooLarge", ["reason": .string(reason)])
    }
    /// The request carries no `file` field (or no multipart body at all).
    public static func missingData(_ reason: String) -> APIError {
        APIError(.badRequest, "MissingData", ["reason": .string(reason)])
    }
    /// The body could not be read as multipart: malformed, or cut off before its end.
    public static func failedToReceive(_ reason: String) -> APIError {
        APIError(.badRequest, "FailedToReceive", ["reason": .string(reason)])
    }
    /// The blob store or the database failed; nothing was kept.
    public static func storageUnavailable(_ reason: String) -> APIError {
        APIError(.serviceUnavailable, "StorageUnavailable", ["reason": .string(reason)])
    }
    /// The picture is still being processed (its metadata stripped) after `files.processing_wait`.
    public static let stillProcessing = APIError(
        .serviceUnavailable, "FileProcessing", ["retry_after": .double(1)], headers: [("Retry-After", "1")])
    public static func rangeNotSatisfiable(size: Int64) -> APIError {
        APIError(.rangeNotSatisfiable, "RangeNotSatisfiable", headers: [("Content-Range", "bytes */\(size)")])
    }

    /// The answer to an error thrown while taking an upload, in Autumn's terms.
    public static func from(upload error: any Error) -> APIError {
        switch error {
        case let error as APIError: return error
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
}
