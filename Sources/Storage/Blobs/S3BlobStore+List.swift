import Foundation

/// A multipart upload the store still holds parts for.
public struct PendingMultipartUpload: Sendable, Equatable {
    public var key: String
    public var uploadID: String
}

extension S3BlobStore {
    /// `ListObjectsV2`: the continuation is S3's continuation token.
    public func list(prefix: String, continuation: String?, limit: Int) async throws -> BlobPage {
        var query = [("list-type", "2"), ("prefix", prefix), ("max-keys", String(max(1, min(limit, 1000))))]
        if let continuation { query.append(("continuation-token", continuation)) }
        let response = try await send(.GET, key: "", query: query, expecting: [200])
        let objects = S3XML.elements("Contents", in: response.text).compactMap { entry -> BlobInfo? in
            guard let key = S3XML.value("Key", in: entry) else { return nil }
            let modified = S3XML.value("LastModified", in: entry).flatMap(Self.parseISODate) ?? .now
            return BlobInfo(key: key, size: Int64(S3XML.value("Size", in: entry) ?? "") ?? 0, lastModified: modified)
        }
        let truncated = S3XML.value("IsTruncated", in: response.text) == "true"
        let next = truncated ? S3XML.value("NextContinuationToken", in: response.text) : nil
        return BlobPage(objects: objects, continuation: next)
    }

    /// Multipart uploads started under `prefix` and neither completed nor aborted (`ListMultipartUploads`).
    public func pendingMultipartUploads(prefix: String = "") async throws -> [PendingMultipartUpload] {
        let response = try await send(.GET, key: "", query: [("uploads", ""), ("prefix", prefix)], expecting: [200])
        return S3XML.elements("Upload", in: response.text).compactMap { upload in
            guard let key = S3XML.value("Key", in: upload), let id = S3XML.value("UploadId", in: upload) else {
                return nil
            }
            return PendingMultipartUpload(key: key, uploadID: id)
        }
    }

    static func parseISODate(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
