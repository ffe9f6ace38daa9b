/// How a run ended, with what the batcher needs to write it to Redis.
struct JobOutcome: Sendable {
    enum Kind: Sendable {
        /// Acknowledge; keep the output if the caller asked for it.
        case succeeded(output: [UInt8])
        /// Acknowledge and put the job (header already advanced) in the delayed set, due at the given time.
        case retrying(header: JobHeader, dueMilliseconds: Int64, error: String)
        /// Acknowledge and move the entry to the dead-letter stream.
        case dead(error: String)
        /// Acknowledge and add the same entry to the stream again, not counted as an attempt.
        case handedBack
    }

    var queue: QueueName
    var entryID: String
    /// The header as read; nil when it did not decode.
    var header: JobHeader?
    var headerText: String
    var parameters: [UInt8]
    var kind: Kind
    var duration: Duration

    var kindName: JobOutcomeKind {
        switch kind {
        case .succeeded: .succeeded
        case .retrying: .retrying
        case .dead: .dead
        case .handedBack: .handedBack
        }
    }
}
