import Foundation
import HTTPTypes
import Hummingbird
import Storage

extension FileServerController {
    /// `GET /{tag}/{id}`: the preview. A stored variant when there is one (the size asked for, or the tag's first),
    /// the original image itself while its variants are being made, and for anything else a redirect to the
    /// original.
    func preview(_ request: Request, context: Context) async throws -> Response {
        let pipeline = try pipeline(context)
        let wanted = try PreviewRequest { request.uri.queryParameters.get($0) }
        let file = try await liveFile(context, tag: pipeline.tag)
        guard let object = try await metadata.object(hash: file.hash) else { throw FileServerError.notFound }
        let names = pipeline.variants.map { MediaProcessor.variantName(tag: pipeline.tag, name: $0.name) }
        if let (name, variant) = wanted.choose(from: object.variants, names: names) {
            return try await serve(
                request, key: variant.key, tag: EntityTag.make(hash: file.hash, variant: name),
                contentType: variant.contentType,
                disposition: ContentDisposition.inline(filename: Self.previewName(file.filename, variant)),
                cacheControl: DownloadPolicy.immutable
            )
        }
        if file.processing != .ready, FileKind(metadata: file.metadata) == .image,
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

    /// `GET /{tag}/{id}/{filename}`: the original bytes as an attachment; `original` redirects to the real name.
    func original(_ request: Request, context: Context) async throws -> Response {
        let pipeline = try pipeline(context)
        let file = try await liveFile(context, tag: pipeline.tag)
        if context.parameters.get("filename") == "original" {
            return redirect(to: originalPath(file), status: .movedPermanently)
        }
        guard let object = try await metadata.object(hash: file.hash) else { throw FileServerError.notFound }
        let disposition = ContentDisposition.attachment(filename: file.filename)
        if let presigner, object.size >= settings.presignMinimumSize, request.method == .get,
            request.headers[.range] == nil
        {
            let url = try presigner.presignedURL(
                key: object.storageKey, contentDisposition: disposition, contentType: file.contentType
            )
            var response = redirect(to: url.absoluteString, status: .found)
            response.headers[.cacheControl] = "private, no-store"
            return response
        }
        return try await serve(
            request, key: object.storageKey, tag: EntityTag.make(hash: file.hash), contentType: file.contentType,
            disposition: disposition, cacheControl: DownloadPolicy.immutable
        )
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
