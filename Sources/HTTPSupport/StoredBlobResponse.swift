import HTTPTypes
import Hummingbird
import Storage

/// Serving a blob that a cache record points at (a proxied image, a mirrored GIF).
public enum StoredBlobResponse {
    /// Where a record says the bytes are and what they are.
    public typealias Location = (key: String, contentType: String)

    /// Streams the blob `locate` names with `headers`, its type and length. When the blob is gone (cleaned up before
    /// its record expired), `forget` drops the record and `locate` runs once more, which fetches it again; a blob
    /// gone twice throws `gone`.
    public static func serve(
        from blobs: any BlobStore,
        headers: HTTPFields,
        locate: () async throws -> Location,
        forget: () async throws -> Void,
        gone: any Error
    ) async throws -> Response {
        for attempt in 0..<2 {
            let location = try await locate()
            do {
                let download = try await blobs.get(location.key, range: nil)
                var headers = headers
                headers[.contentType] = location.contentType
                headers[.contentLength] = String(download.contentLength)
                return Response(status: .ok, headers: headers, body: ResponseBody(asyncSequence: download.body))
            } catch StorageError.notFound where attempt == 0 {
                try await forget()
            }
        }
        throw gone
    }
}
