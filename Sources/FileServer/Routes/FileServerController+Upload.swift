import HTTPSupport
import Hummingbird
import Identity
import JobQueue
import Media
import Storage

extension FileServerController {
    /// `POST /{tag}`: checks the token (`TokenAuthenticator`), the tag, that a caller is known unless anonymous
    /// uploads are on, and the rate limit before reading any of the body, then streams the
    /// `file` field through `UploadIngest`, queues `media.process` and answers `{"id": …}`. A refusal before the
    /// body was read to its end tells the client the connection closes, so a refused 100 MB upload is not drained.
    func upload(_ request: Request, context: Context) async throws -> UploadAnswer {
        let pipeline: TagPipeline
        let uploader: Caller?
        let boundary: String
        do {
            pipeline = try self.pipeline(context)
            uploader = context.identity
            if uploader == nil, !settings.anonymousUploads { throw FileServerError.notAuthenticated }
            try await checkRateLimit(tag: pipeline.tag, uploader: uploader, context: context)
            do {
                boundary = try MultipartParser.boundary(contentType: request.headers[.contentType] ?? "")
            } catch {
                throw FileServerError.missingData("the body must be multipart/form-data with a `file` field")
            }
        } catch {
            throw FileServerError.from(upload: error).closingConnection()
        }

        let creation: FileCreation
        do {
            let file = try await MultipartFileStream.open(
                request.body.makeAsyncIterator(), boundary: boundary, field: "file"
            )
            creation = try await ingest.ingest(
                file,
                UploadIngest.Upload(
                    pipeline: pipeline, filename: file.headers.filename ?? "", uploaderID: uploader?.userID)
            )
        } catch {
            let answer = FileServerError.from(upload: error)
            if answer.status == .serviceUnavailable {
                context.logger.error(
                    "upload failed in the store", metadata: ["tag": "\(pipeline.tag)", "error": "\(error)"])
            }
            throw answer.closingConnection()
        }

        let file = creation.file
        let job = MediaProcess(fileID: file.id, hash: file.hash, tag: file.tag)
        do {
            if creation.deduplicated, try await takeOutcomeOfEarlierUpload(file) {
                // The same bytes under the same tag were processed already: nothing to queue.
            } else {
                try await jobs.enqueue(job, options: JobOptions(idempotencyKey: job.idempotencyKey))
            }
        } catch {
            // A file nobody will process must not be left behind as if it would be.
            context.logger.error(
                "media.process could not be queued", metadata: ["file": "\(file.id)", "error": "\(error)"])
            await ingest.remove(fileID: file.id)
            throw FileServerError.storageUnavailable("the job queue is unavailable; nothing was kept")
        }
        context.logger.info(
            "file uploaded",
            metadata: [
                "file": "\(file.id)", "tag": "\(file.tag)", "size": "\(file.size)", "type": "\(file.contentType)",
                "deduplicated": "\(creation.deduplicated)",
            ]
        )
        return UploadAnswer(id: file.id)
    }

    /// Copies the processing outcome of an earlier upload of the same bytes and tag, when there is one: its job may
    /// have finished inside the window in which a second `media.process` for the same object and tag is not queued.
    /// A job still running marks every file of its object and tag when it ends, this one included.
    func takeOutcomeOfEarlierUpload(_ file: FileRecord) async throws -> Bool {
        let earlier = try await metadata.files(hash: file.hash).first {
            $0.id != file.id && $0.tag == file.tag && $0.processing != .pending
        }
        guard let earlier else { return false }
        _ = try await metadata.setProcessing(
            fileID: file.id, earlier.processing, metadata: earlier.metadata, error: earlier.processingError
        )
        return true
    }

    /// Counts the upload against its tag's window for the user, or for the address when anonymous.
    func checkRateLimit(tag: String, uploader: Caller?, context: Context) async throws {
        let who = uploader.map { "user:\($0.userID)" } ?? "ip:\(context.clientAddress)"
        let decision = try await rateLimiter.hit(
            key: "upload:\(tag):\(who)", bucket: "upload:\(tag)", limit: settings.uploadsPerWindow,
            window: settings.uploadWindow
        )
        guard decision.allowed else { throw FileServerError.rateLimited(decision) }
    }
}

/// Autumn's answer to an upload.
struct UploadAnswer: ResponseEncodable {
    var id: String
}
