import NIOCore

/// The bytes of one field of a streaming `multipart/form-data` body (Autumn's `file`), as they arrive. `open` reads
/// up to the field's part, skipping other fields up to a small budget; iterating then yields the part's body and
/// ends at its closing delimiter. A body that stops before that delimiter (a client that went away) throws
/// `MultipartError.truncated`, so whatever consumes the stream never mistakes a partial file for a whole one.
public struct MultipartFileStream<Base: AsyncIteratorProtocol>: AsyncSequence where Base.Element == ByteBuffer {
    public typealias Element = ByteBuffer

    /// The headers of the field's part: its `filename`, and the client's (untrusted) content type.
    public let headers: MultipartPartHeaders
    private let reader: Reader

    /// Reads until the part named `field` starts. Throws `MultipartFileStreamError.missingField` when the body
    /// ends without it, or when other fields before it take more than `maximumSkippedBytes`.
    public static func open(
        _ base: Base,
        boundary: String,
        field: String,
        maximumSkippedBytes: Int = 64 * 1024
    ) async throws -> MultipartFileStream {
        var reader = Reader(parser: try MultipartParser(boundary: boundary), base: base)
        var skipped = 0
        while true {
            switch try await reader.nextEvent() {
            case .partStart(let headers) where headers.name == field:
                return MultipartFileStream(headers: headers, reader: reader)
            case .body(let bytes):
                skipped += bytes.readableBytes
                guard skipped <= maximumSkippedBytes else {
                    throw MultipartFileStreamError.missingField("fields before `\(field)` are too large")
                }
            case .partStart, .partEnd:
                continue
            case .end, nil:
                throw MultipartFileStreamError.missingField("the form has no `\(field)` field")
            }
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(reader: reader)
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        fileprivate var reader: Reader
        private var finished = false

        fileprivate init(reader: Reader) {
            self.reader = reader
        }

        public mutating func next() async throws -> ByteBuffer? {
            guard !finished else { return nil }
            while true {
                switch try await reader.nextEvent() {
                case .body(let bytes) where bytes.readableBytes > 0: return bytes
                case .body: continue
                case .partEnd, .end:
                    finished = true
                    return nil
                case .partStart, nil: throw MultipartError.truncated
                }
            }
        }
    }

    /// The parser fed from the request body, handing out one event at a time.
    fileprivate struct Reader {
        var parser: MultipartParser
        var base: Base
        var pending: [MultipartParser.Event] = []
        var pendingIndex = 0
        var baseEnded = false

        /// The next event; nil only after the closing delimiter was handed out and the body ended. Throws
        /// `truncated` when the body ends before the closing delimiter.
        mutating func nextEvent() async throws -> MultipartParser.Event? {
            while pendingIndex == pending.count {
                guard !baseEnded else { return nil }
                pending.removeAll(keepingCapacity: true)
                pendingIndex = 0
                if let bytes = try await base.next() {
                    pending = try parser.feed(bytes)
                } else {
                    baseEnded = true
                    try parser.finish()
                }
            }
            defer { pendingIndex += 1 }
            return pending[pendingIndex]
        }
    }
}

/// Why a multipart body held no file to take.
public enum MultipartFileStreamError: Error, Equatable, Sendable {
    case missingField(String)
}
