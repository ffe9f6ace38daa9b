import Foundation
import NIOCore

/// One multipart upload in progress: parts are cut from the body as it arrives and sent a few at a time; the
/// upload is completed with every part's ETag, or aborted.
struct S3MultipartUpload: Sendable {
    let store: S3BlobStore
    let key: String
    let uploadID: String

    static func start(store: S3BlobStore, key: String, headers: [String: String]) async throws -> S3MultipartUpload {
        let response = try await store.send(
            .POST, key: key, query: [("uploads", "")], headers: headers, expecting: [200])
        guard let uploadID = S3XML.value("UploadId", in: response.text), !uploadID.isEmpty else {
            throw StorageError.unreachable("S3 started a multipart upload of \(key) without an UploadId")
        }
        return S3MultipartUpload(store: store, key: key, uploadID: uploadID)
    }

    /// Sends `first` and then the rest of the body as parts; returns the total size once the upload is complete.
    /// Another buffer (another part in flight) is taken only when the memory budget has one free at once;
    /// otherwise the next part waits for a sent part's buffer.
    func send<Iterator>(
        first: ByteBuffer, rest parts: inout PartReader<Iterator>, hold: PartMemoryHold
    ) async throws -> Int64 {
        let concurrency = max(1, store.options.partConcurrency)
        let partSize = store.options.partSize
        var size = Int64(first.readableBytes)
        var etags: [Int: String] = [:]
        try await withThrowingTaskGroup(of: (Int, String, ByteBuffer).self) { group in
            var inFlight = 0
            var buffers = 1
            var number = 1
            var part = first
            while true {
                let body = part
                part = ByteBuffer()  // the part task holds the only reference, so its buffer can be reused after
                let partNumber = number
                group.addTask { (partNumber, try await uploadPart(partNumber, body: body), body) }
                inFlight += 1
                number += 1
                if parts.finished { break }
                var spare: ByteBuffer?
                if inFlight < concurrency, buffers <= concurrency, await hold.take(partSize) {
                    buffers += 1
                } else if let (done, etag, sent) = try await group.next() {
                    etags[done] = etag
                    inFlight -= 1
                    spare = sent
                }
                part = try await parts.next(reusing: spare.take(), fullSize: true)
                try Task.checkCancellation()
                if part.readableBytes == 0 { break }
                size += Int64(part.readableBytes)
            }
            for try await (done, etag, sent) in group {
                etags[done] = etag
                store.partBuffers.give(sent)
            }
            store.partBuffers.give(part)
        }
        try await complete(etags: etags)
        return size
    }

    private func uploadPart(_ number: Int, body: ByteBuffer) async throws -> String {
        let response = try await store.send(
            .PUT, key: key, query: [("partNumber", String(number)), ("uploadId", uploadID)], body: body,
            expecting: [200]
        )
        guard let etag = response.headers.first(name: "etag") else {
            throw StorageError.unreachable("S3 accepted part \(number) of \(key) without an ETag")
        }
        return etag
    }

    private func complete(etags: [Int: String]) async throws {
        let parts = etags.keys.sorted().map { number in
            "<Part><PartNumber>\(number)</PartNumber><ETag>\(S3XML.escape(etags[number]!))</ETag></Part>"
        }
        let document = "<CompleteMultipartUpload>\(parts.joined())</CompleteMultipartUpload>"
        let response = try await store.send(
            .POST, key: key, query: [("uploadId", uploadID)], headers: ["content-type": "application/xml"],
            body: ByteBuffer(string: document), expecting: [200]
        )
        try S3BlobStore.throwIfErrorDocument(response.text, context: "completing the upload of \(key)")
    }

    /// Aborts the upload so the store drops its parts. Runs even when the calling task was cancelled (that is
    /// usually why it is aborting), in a task of its own that the caller waits for.
    func abort() async {
        let upload = self
        await Task {
            do {
                _ = try await upload.store.send(
                    .DELETE, key: upload.key, query: [("uploadId", upload.uploadID)], expecting: [200, 204, 404]
                )
            } catch {
                upload.store.logger.warning(
                    "could not abort a multipart upload; its parts stay until the bucket's lifecycle removes them",
                    metadata: ["key": "\(upload.key)", "upload_id": "\(upload.uploadID)", "error": "\(error)"]
                )
            }
        }.value
    }
}
