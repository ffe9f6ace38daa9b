/// A file made of parts of another: ranges of its bytes kept as they are, and a few bytes written anew (a chunk
/// header with new flags, a new size). What `MetadataChunkFilter` answers, so a filtered original is stored straight
/// from the uploaded bytes rather than from a second whole copy of them.
public struct SplicedFile: Sendable, Equatable {
    public enum Piece: Sendable, Equatable {
        case kept(Range<Int>)
        case written([UInt8])
    }

    /// The bytes the kept ranges point into.
    public let source: [UInt8]
    /// The file in order. Adjacent kept ranges are merged as they are added.
    public internal(set) var pieces: [Piece] = []
    /// The file's size.
    public private(set) var count = 0

    init(source: [UInt8]) { self.source = source }

    /// A file that is `bytes` whole (a re-encoded picture).
    public init(whole bytes: [UInt8]) {
        source = bytes
        keep(0..<bytes.count)
    }

    mutating func keep(_ range: Range<Int>) {
        guard !range.isEmpty else { return }
        count += range.count
        if case .kept(let last) = pieces.last, last.upperBound == range.lowerBound {
            pieces[pieces.count - 1] = .kept(last.lowerBound..<range.upperBound)
        } else {
            pieces.append(.kept(range))
        }
    }

    mutating func write(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        count += bytes.count
        pieces.append(.written(bytes))
    }

    /// The file in order, in slices of at most `size` bytes; they share the pieces' storage.
    public func slices(ofAtMost size: Int) -> [ArraySlice<UInt8>] {
        precondition(size > 0)
        var slices: [ArraySlice<UInt8>] = []
        for piece in pieces {
            let bytes = self.bytes(of: piece)
            var start = bytes.startIndex
            while start < bytes.endIndex {
                let end = min(start + size, bytes.endIndex)
                slices.append(bytes[start..<end])
                start = end
            }
        }
        return slices
    }

    /// The first `length` bytes of the file (all of it when it is shorter).
    public func prefix(_ length: Int) -> [UInt8] {
        var head: [UInt8] = []
        for piece in pieces where head.count < length {
            head += bytes(of: piece).prefix(length - head.count)
        }
        return head
    }

    private func bytes(of piece: Piece) -> ArraySlice<UInt8> {
        switch piece {
        case .kept(let range): source[range]
        case .written(let written): written[...]
        }
    }

    /// The whole file in one array.
    public var bytes: [UInt8] { prefix(count) }
}
