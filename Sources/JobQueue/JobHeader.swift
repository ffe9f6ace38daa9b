/// What the queue knows about a job besides its parameters. It is stored beside the parameters in each stream
/// entry (field `h`) as `name=value` pairs joined by `&`, values percent-encoded, so that it needs no JSON coder
/// and never contains a newline (a delayed job is kept as `header\nparameters`).
public struct JobHeader: Sendable, Equatable {
    public var id: JobID
    public var name: String
    /// 1 for the first run; each retry adds one.
    public var attempt: Int
    /// When the job was first enqueued, in microseconds since 1970.
    public var queuedAt: Int64
    /// The idempotency key it was enqueued with.
    public var idempotencyKey: String?
    /// How long to keep the result for callers that await it, in milliseconds; nil keeps none.
    public var resultTTLMilliseconds: Int?
    /// For a recurring job, the schedule slot it fired for (milliseconds since 1970).
    public var scheduledFor: Int64?
    /// When a delayed run (a retry, or a job enqueued for later) became due, in milliseconds since 1970.
    public var dueAt: Int64?
    /// The error of the previous attempt.
    public var lastError: String?

    public init(
        id: JobID,
        name: String,
        attempt: Int = 1,
        queuedAt: Int64,
        idempotencyKey: String? = nil,
        resultTTLMilliseconds: Int? = nil,
        scheduledFor: Int64? = nil,
        dueAt: Int64? = nil,
        lastError: String? = nil
    ) {
        self.id = id
        self.name = name
        self.attempt = attempt
        self.queuedAt = queuedAt
        self.idempotencyKey = idempotencyKey
        self.resultTTLMilliseconds = resultTTLMilliseconds
        self.scheduledFor = scheduledFor
        self.dueAt = dueAt
        self.lastError = lastError
    }

    public var encoded: String {
        var text = "i=" + Self.escape(id.rawValue)
        text += "&n=" + Self.escape(name)
        text += "&a=" + String(attempt)
        text += "&t=" + String(queuedAt)
        if let idempotencyKey { text += "&k=" + Self.escape(idempotencyKey) }
        if let resultTTLMilliseconds { text += "&r=" + String(resultTTLMilliseconds) }
        if let scheduledFor { text += "&s=" + String(scheduledFor) }
        if let dueAt { text += "&d=" + String(dueAt) }
        if let lastError { text += "&e=" + Self.escape(lastError) }
        return text
    }

    /// Parses `encoded`; throws `JobQueueError.undecodable` naming what is wrong. Every worker parses one header
    /// per job, so this walks the bytes once with no dictionary and no Foundation string search.
    public init(decoding text: String) throws {
        var fields = Fields()
        var text = text
        try text.withUTF8 { bytes in
            var start = 0
            while start < bytes.count {
                let end = bytes[start...].firstIndex(of: UInt8(ascii: "&")) ?? bytes.count
                defer { start = end + 1 }
                guard end > start else { continue }
                let pair = UnsafeBufferPointer(rebasing: bytes[start..<end])
                guard let equals = pair.firstIndex(of: UInt8(ascii: "=")) else {
                    let shown = String(decoding: pair.prefix(40), as: UTF8.self)
                    throw JobQueueError.undecodable("header pair without '=': \(shown)")
                }
                guard let value = Self.unescape(UnsafeBufferPointer(rebasing: pair[(equals + 1)...])) else {
                    throw JobQueueError.undecodable("bad percent-encoding in header")
                }
                // Keys are one letter; others are ignored, as are repeats but the last.
                if equals == 1 { fields.set(pair[0], value) }
            }
        }
        guard let id = fields.id, !id.isEmpty, let name = fields.name, !name.isEmpty else {
            throw JobQueueError.undecodable("header without job id or name")
        }
        guard let attempt = fields.attempt.flatMap({ Int($0) }), attempt >= 1,
            let queuedAt = fields.queuedAt.flatMap({ Int64($0) })
        else { throw JobQueueError.undecodable("header without a valid attempt or enqueue time") }
        self.init(
            id: JobID(rawValue: id),
            name: name,
            attempt: attempt,
            queuedAt: queuedAt,
            idempotencyKey: fields.idempotencyKey,
            resultTTLMilliseconds: fields.resultTTL.flatMap { Int($0) },
            scheduledFor: fields.scheduledFor.flatMap { Int64($0) },
            dueAt: fields.dueAt.flatMap { Int64($0) },
            lastError: fields.lastError
        )
    }

    /// The raw values of a header being parsed, by key letter.
    private struct Fields {
        var id, name, attempt, queuedAt, idempotencyKey, resultTTL, scheduledFor, dueAt, lastError: String?

        mutating func set(_ key: UInt8, _ value: String) {
            switch key {
            case UInt8(ascii: "i"): id = value
            case UInt8(ascii: "n"): name = value
            case UInt8(ascii: "a"): attempt = value
            case UInt8(ascii: "t"): queuedAt = value
            case UInt8(ascii: "k"): idempotencyKey = value
            case UInt8(ascii: "r"): resultTTL = value
            case UInt8(ascii: "s"): scheduledFor = value
            case UInt8(ascii: "d"): dueAt = value
            case UInt8(ascii: "e"): lastError = value
            default: break
            }
        }
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"), UInt8(ascii: ":"), UInt8(ascii: "/"):
            true
        default: false
        }
    }

    static func escape(_ text: String) -> String {
        let utf8 = text.utf8
        if utf8.allSatisfy(isUnreserved) { return text }
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count * 3)
        for byte in utf8 {
            if isUnreserved(byte) {
                bytes.append(byte)
            } else {
                bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func unescape(_ text: UnsafeBufferPointer<UInt8>) -> String? {
        guard text.contains(UInt8(ascii: "%")) else { return String(decoding: text, as: UTF8.self) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count)
        var iterator = text.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                return nil
            }
            bytes.append(high << 4 | low)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
