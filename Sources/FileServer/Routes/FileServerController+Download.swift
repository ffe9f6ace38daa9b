import Foundation
import HTTPSupport
import HTTPTypes
import Hummingbird
import JobQueue
import Media
import Storage

extension FileServerController {
    /// `GET /{tag}/{id}`: the preview. A stored variant when there is one (the tag's first, or for `?width=` and
    /// friends the nearest size, made on demand as a `media.resize` job when no stored one is close), the original
    /// picture while a GIF's variants are being made, and for anything else a redirect to the original. A picture
    /// whose original is stripped of metadata is never served before that is done: the request waits for it.
    func preview(_ request: Request, context: Context) async throws -> Response {
        let pipeline = try pipeline(context)
        let wanted = try PreviewRequest { request.uri.queryParameters.get($0) }
        var file = try await liveFile(context, tag: pipeline.tag)
        if mustWaitForStripping(file) { file = try await awaitProcessing(file) }
        guard let object = try await metadata.object(hash: file.hash) else { throw FileServerError.notFound }
        let names = pipeline.variants.map { MediaProcessor.variantName(tag: pipeline.tag, name: $0.name) }
        let plan =
            file.processing == .ready
            ? PreviewPlan.decide(
                wanted, variants: object.variants, tag: pipeline.tag, pipelineNames: names,
                original: FileKind.pictureSize(metadata: file.metadata))
            : wanted.choose(from: object.variants, names: names).map { PreviewPlan.serve($0.name) } ?? .none
        var chosen: (name: String, variant: StoredVariant)? = nil
        switch plan {
        case .serve(let name):
            chosen = object.variants[name].map { (name, $0) }
        case .resize(let size, let fallback):
            chosen =
                try await resized(file, size: size)
                ?? fallback.flatMap { name in object.variants[name].map { (name, $0) } }
        case .none:
            break
        }
        if let (name, variant) = chosen {
            return try await serve(
                request, key: variant.key, tag: EntityTag.make(hash: file.hash, variant: name),
                contentType: variant.contentType,
                disposition: ContentDisposition.inline(filename: Self.previewName(file.filename, variant)),
                cacheControl: DownloadPolicy.immutable
            )
        }
        if file.processing == .pending, FileKind(metadata: file.metadata) == .image,
            !DownloadPolicy.isActive(file.contentType)
        {
            return try await serve(
                request, key: object.storageKey, tag: EntityTag.make(hash: file.hash),
                contentType: file.contentType, disposition: ContentDisposition.inline(filename: file.filename),
                cacheControl: DownloadPolicy.provisional
            )
        }
        return redirect(to: originalPath(file), status: .found)
    }

    /// Has a rounded size made by a media worker (one job however many requests ask at once) and waits for it;
    /// nil when it failed or took longer than `files.processing_wait`, so the nearest stored size is served.
    func resized(_ file: FileRecord, size: OnDemandSize) async throws -> (name: String, variant: StoredVariant)? {
        let job = MediaResize(fileID: file.id, hash: file.hash, tag: file.tag, size: size)
        do {
            let variant = try await jobs.enqueueAndWait(
                job, as: StoredVariant.self,
                options: JobOptions(idempotencyKey: job.idempotencyKey, uniqueFor: .seconds(60)),
                timeout: settings.processingWait
            )
            return (MediaProcessor.variantName(tag: file.tag, name: size.name), variant)
        } catch let error as JobQueueError {
            logger.notice(
                "an on-demand size was not made",
                metadata: ["file": "\(file.id)", "size": "\(size.name)", "error": "\(error)"])
            return nil
        }
    }

    /// `GET /{tag}/{id}/{filename}`: the original as an attachment (for pictures, the version stripped of
    /// metadata); `original` redirects to the real name.
    func original(_ request: Request, context: Context) async throws -> Response {
        let pipeline = try pipeline(context)
        var file = try await liveFile(context, tag: pipeline.tag)
        if context.parameters.get("filename") == "original" {
            return redirect(to: originalPath(file), status: .movedPermanently)
        }
        if mustWaitForStripping(file) { file = try await awaitProcessing(file) }
        guard let object = try await metadata.object(hash: file.hash) else { throw FileServerError.notFound }
        let stripped = object.variants[MediaProcessor.strippedOriginal]
        let key = stripped?.key ?? object.storageKey
        let size = stripped?.size ?? object.size
        let tag = EntityTag.make(hash: file.hash, variant: stripped == nil ? nil : MediaProcessor.strippedOriginal)
        let disposition = ContentDisposition.attachment(filename: file.filename)
        if let presigner, size >= settings.presignMinimumSize, request.method == .get,
            request.headers[.range] == nil
        {
            let url = try presigner.presignedURL(
                key: key, contentDisposition: disposition, contentType: file.contentType)
            var response = redirect(to: url.absoluteString, status: .found)
            response.headers[.cacheControl] = "private, no-store"
            return response
        }
        return try await serve(
            request, key: key, tag: tag, contentType: file.contentType, disposition: disposition,
            cacheControl: DownloadPolicy.immutable
        )
    }

    /// A picture or video whose metadata is still to be stripped: serving it now could hand out its GPS position.
    func mustWaitForStripping(_ file: FileRecord) -> Bool {
        guard file.processing == .pending else { return false }
        switch FileKind(metadata: file.metadata) {
        case .image: return OriginalStripper.strips(file.contentType)
        case .video: return VideoStripper.muxer(for: file.contentType) != nil
        default: return false
        }
    }

    /// Waits up to `files.processing_wait` for the media workers to finish with a file, looking at its record with
    /// growing pauses; 503 `FileProcessing` (with `Retry-After`) if they have not.
    func awaitProcessing(_ file: FileRecord) async throws -> FileRecord {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: settings.processingWait)
        var pause = Duration.milliseconds(20)
        while clock.now < deadline {
            try await Task.sleep(for: min(pause, deadline - clock.now))
            guard let current = try await metadata.file(id: file.id), !current.deleted else {
                throw FileServerError.notFound
            }
            if current.processing != .pending { return current }
            pause = min(pause * 2, .milliseconds(500))
        }
        throw FileServerError.stillProcessing
    }

    /// The record named by `id`, or `NotFound` when there is none, it was deleted, or it belongs to another tag.
    func liveFile(_ context: Context, tag: String) async throws -> FileRecord {
        guard let id = context.parameters.get("id"), FileID.isValid(id), let file = try await metadata.file(id: id),
            !file.deleted, file.tag == tag
        else { throw FileServerError.notFound }
        return file
    }

    func originalPath(_ file: FileRecord) -> String {
        "\(settings.pathPrefix)/\(file.tag)/\(file.id)/\(DownloadPolicy.pathSegment(file.filename))"
    }

    func redirect(to location: String, status: HTTPResponse.Status) -> Response {
        var headers = HTTPFields()
        headers[.location] = location
        headers[.cacheControl] = status == .movedPermanently ? DownloadPolicy.immutable : "no-cache"
        return Response(status: status, headers: headers)
    }

    /// Streams one blob with its validators: 304 for a matching `If-None-Match`, 206 for a `Range` (unless an
    /// `If-Range` names another version), 416 for a range outside the object; `HEAD` gets the headers only.
    func serve(
        _ request: Request, key: String, tag: String, contentType: String, disposition: String, cacheControl: String
    ) async throws -> Response {
        var headers = HTTPFields()
        headers[.eTag] = tag
        headers[.cacheControl] = cacheControl
        headers[.acceptRanges] = "bytes"
        for (name, value) in DownloadPolicy.securityHeaders {
            if let name = HTTPField.Name(name) { headers[name] = value }
        }
        if EntityTag.matches(ifNoneMatch: request.headers[.ifNoneMatch], tag: tag) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = contentType
        headers[.contentDisposition] =
            DownloadPolicy.isActive(contentType) && !disposition.hasPrefix("attachment")
            ? "attachment" + disposition.dropFirst("inline".count) : disposition
        var range = RangeHeader.parse(request.headers[.range])
        if let ifRange = request.headers[.ifRange], ifRange != tag { range = nil }

        if request.method == .head {
            guard let info = try await blobs.head(key) else { throw FileServerError.notFound }
            headers[.contentLength] = String(info.size)
            return Response(status: .ok, headers: headers)
        }
        let download: BlobDownload
        do {
            download = try await blobs.get(key, range: range)
        } catch StorageError.notFound {
            throw FileServerError.notFound
        } catch StorageError.invalidRange {
            let size = try await blobs.head(key)?.size ?? 0
            throw FileServerError.rangeNotSatisfiable(size: size)
        }
        headers[.contentLength] = String(download.contentLength)
        var status = HTTPResponse.Status.ok
        if range != nil, let served = download.range {
            status = .partialContent
            headers[.contentRange] = RangeHeader.contentRange(served, size: download.info.size)
        }
        return Response(status: status, headers: headers, body: ResponseBody(asyncSequence: download.body))
    }

    /// A preview's name: the original's with the variant's extension, so saved previews open in the right program.
    static func previewName(_ filename: String, _ variant: StoredVariant) -> String {
        let base = (filename as NSString).deletingPathExtension
        let ext = variant.contentType.split(separator: "/").last.map(String.init) ?? "bin"
        return "\(base.isEmpty ? "preview" : base).\(ext)"
    }
}

/// The `type` of a file's metadata JSON, which decides how its preview is served.
enum FileKind: Equatable {
    case image, video, audio, text, file

    /// The picture's size an `Image` or `Video` record carries.
    static func pictureSize(metadata: String) -> (width: Int, height: Int)? {
        struct Sized: Decodable {
            var width: Int
            var height: Int
        }
        guard let sized = try? JSONDecoder().decode(Sized.self, from: Data(metadata.utf8)) else { return nil }
        return (sized.width, sized.height)
    }

    init(metadata: String) {
        struct Tagged: Decodable { var type: String }
        let type = (try? JSONDecoder().decode(Tagged.self, from: Data(metadata.utf8)))?.type
        self =
            switch type {
            case "Image": .image
            case "Video": .video
            case "Audio": .audio
            case "Text": .text
            default: .file
            }
    }
}
