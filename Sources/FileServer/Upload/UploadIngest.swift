import Foundation
import Media
import NIOCore
import NIOPosix
import Storage

/// Takes one uploaded file from its byte stream to a stored object and a file record: sniffs the type from the
/// first bytes and refuses what the tag does not accept (and images over its limits) before storing anything,
/// streams the rest into the blob store while hashing and counting it, then records the file, deduplicating by
/// hash. A refusal or failure at any point leaves no record and no blob.
public struct UploadIngest: Sendable {
    public let blobs: any BlobStore
    public let metadata: MetadataStore
    /// Bytes read before deciding the type; image headers (a JPEG's EXIF block first) may need more than the sniff.
    var probeBytes = 256 * 1024

    public init(blobs: any BlobStore, metadata: MetadataStore) {
        self.blobs = blobs
        self.metadata = metadata
    }

    public struct Upload: Sendable {
        public var pipeline: TagPipeline
        public var filename: String
        public var uploaderID: String?

        public init(pipeline: TagPipeline, filename: String, uploaderID: String?) {
            self.pipeline = pipeline
            self.filename = filename
            self.uploaderID = uploaderID
        }
    }

    public func ingest<Body: AsyncSequence>(_ body: Body, _ upload: Upload) async throws -> FileCreation
    where Body.Element == ByteBuffer {
        let pipeline = upload.pipeline
        var iterator = body.makeAsyncIterator()
        var head = ByteBuffer()
        while head.readableBytes < probeBytes, var chunk = try await iterator.next() {
            head.writeBuffer(&chunk)
            guard head.readableBytes <= pipeline.maxSize else { throw UploadError.fileTooLarge(max: pipeline.maxSize) }
        }
        guard head.readableBytes > 0 else { throw UploadError.fileTooSmall }
        let prefix = Array(head.readableBytesView)
        var type = ContentSniffer.sniff(prefix)
        var metadataJSON = #"{"type":"\#(Self.metadataType(type.kind))"}"#
        let digest = HashingLimitedBody<Body.AsyncIterator>.DigestBox()
        if type.kind == .image {
            if let header = ImageHeaderProbe.probe(prefix, contentType: type.contentType) {
                if let refusal = pipeline.refusal(for: header) { throw UploadError.imageTooLarge(refusal) }
                metadataJSON = Self.imageMetadata(header)
            } else if let scanner = Self.unfinishedJPEG(prefix, type) {
                // A JPEG whose frame lies past the head (megabytes of XMP first): read on as the bytes are stored.
                digest.jpeg = scanner
            } else {
                // A picture whose header cannot be read is not decoded as one: at best it is a plain file.
                type = SniffedType(.file, type.contentType)
            }
        }
        if type.kind == .video || type.kind == .audio {
            let media = try await MediaThreads.pool.runIfActive { MediaHeaderProbe.probe(prefix) }
            if let media {
                type = SniffedType(media.kind, type.contentType)
                metadataJSON = Self.mediaMetadata(media)
            } else {
                // Not demuxable from its start (or not really media): kept and served as a plain file.
                type = SniffedType(.file, type.contentType)
                metadataJSON = #"{"type":"File"}"#
            }
        }
        guard pipeline.accept.contains(type.kind) else {
            throw Self.notAccepted(type, by: pipeline)
        }

        let id = FileID.make(forTag: pipeline.tag)
        let storageKey = "\(FileID.make(length: 24))"
        let stored = HashingLimitedBody(head: head, rest: iterator, limit: pipeline.maxSize, digest: digest)
        _ = try await blobs.put(stored, key: storageKey, contentType: type.contentType)
        let hash = digest.hex
        do {
            if let scanner = digest.jpeg {
                if let header = scanner.header {
                    if let refusal = pipeline.refusal(for: header) { throw UploadError.imageTooLarge(refusal) }
                    metadataJSON = Self.imageMetadata(header)
                } else {
                    type = SniffedType(.file, type.contentType)
                    metadataJSON = #"{"type":"File"}"#
                    guard pipeline.accept.contains(.file) else {
                        throw Self.notAccepted(type, by: pipeline)
                    }
                }
            }
            let record = FileRecord(
                id: id, tag: pipeline.tag, filename: FilenameSanitizer.sanitize(upload.filename),
                contentType: type.contentType,
                size: Int64(digest.size), hash: hash, uploaderID: upload.uploaderID, metadata: metadataJSON
            )
            let object = StoredObject(
                hash: hash, storageKey: storageKey, size: Int64(digest.size), contentType: type.contentType
            )
            let creation = try await metadata.createFile(record, object: object)
            if creation.deduplicated { try? await blobs.delete(storageKey) }
            return creation
        } catch {
            try? await blobs.delete(storageKey)
            throw error
        }
    }

    static func notAccepted(_ type: SniffedType, by pipeline: TagPipeline) -> UploadError {
        .fileTypeNotAllowed("\(type.contentType) is not accepted by \(pipeline.tag)")
    }

    /// A scanner part-way through a JPEG whose head holds no frame yet but nothing wrong either; nil otherwise.
    static func unfinishedJPEG(_ prefix: [UInt8], _ type: SniffedType) -> JPEGHeaderScanner? {
        guard type.contentType == "image/jpeg" else { return nil }
        var scanner = JPEGHeaderScanner()
        prefix.withUnsafeBytes { scanner.feed($0) }
        return scanner.finished ? nil : scanner
    }

    static func metadataType(_ kind: MediaKind) -> String {
        switch kind {
        case .image: "Image"
        case .video: "Video"
        case .audio: "Audio"
        case .text: "Text"
        case .file: "File"
        }
    }

    /// Autumn's `Video {width, height}` or `Audio`, each with its duration in seconds when the container gives it,
    /// and the codecs (libav's names: `h264`, `vp9`, `aac`, `opus`, …) as `video_codec` and `audio_codec`.
    static func mediaMetadata(_ header: MediaHeader) -> String {
        let duration = header.duration.map { #","duration":\#(($0 * 1000).rounded() / 1000)"# } ?? ""
        func codec(_ field: String, _ name: String?) -> String {
            // libav's codec names are lowercase identifiers; anything else is left out rather than escaped.
            guard let name, !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
            else { return "" }
            return #","\#(field)":"\#(name)""#
        }
        let audio = codec("audio_codec", header.audioCodec)
        switch header.kind {
        case .video:
            let video = codec("video_codec", header.videoCodec)
            return
                #"{"type":"Video","width":\#(header.width),"height":\#(header.height)\#(duration)\#(video)\#(audio)}"#
        default: return #"{"type":"Audio"\#(duration)\#(audio)}"#
        }
    }

    /// Autumn's `Image` metadata with the size as shown (EXIF orientation applied) and the `animated` flag.
    static func imageMetadata(_ header: ImageHeader) -> String {
        #"{"type":"Image","width":\#(header.displayWidth),"height":\#(header.displayHeight),"animated":\#(header.animated)}"#
    }
}
