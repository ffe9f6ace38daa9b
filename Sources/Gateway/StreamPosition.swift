/// A position in the events stream: a Redis stream id, `<milliseconds>-<sequence>`, compared as numbers (as
/// strings, `10-0` would sort before `9-0`). Every event a socket receives carries one as `seq`.
struct StreamPosition: Comparable, Hashable, Sendable, CustomStringConvertible {
    var milliseconds: UInt64
    var sequence: UInt64

    init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let milliseconds = UInt64(parts[0]), let sequence = UInt64(parts[1]) else {
            return nil
        }
        self.milliseconds = milliseconds
        self.sequence = sequence
    }

    init(milliseconds: UInt64, sequence: UInt64) {
        self.milliseconds = milliseconds
        self.sequence = sequence
    }

    static let start = StreamPosition(milliseconds: 0, sequence: 0)

    var description: String { "\(milliseconds)-\(sequence)" }

    static func < (left: StreamPosition, right: StreamPosition) -> Bool {
        (left.milliseconds, left.sequence) < (right.milliseconds, right.sequence)
    }
}
