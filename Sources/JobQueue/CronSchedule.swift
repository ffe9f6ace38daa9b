#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A cron expression evaluated in UTC: `minute hour day-of-month month day-of-week`, or with a leading seconds
/// field (six fields). Fields take `*`, numbers, ranges `a-b`, steps `*/n` and `a-b/n`, and lists `a,b`; months
/// and weekdays also take names (`jan`, `mon`), and Sunday is 0 or 7. As in Vixie cron, when both day fields are
/// restricted a day matching either runs. `@yearly`, `@monthly`, `@weekly`, `@daily` and `@hourly` are accepted.
public struct CronSchedule: Sendable, Equatable, CustomStringConvertible {
    public let expression: String
    let seconds: Set<Int>
    let minutes: Set<Int>
    let hours: Set<Int>
    let daysOfMonth: Set<Int>
    let months: Set<Int>
    let daysOfWeek: Set<Int>
    let daysOfMonthRestricted: Bool
    let daysOfWeekRestricted: Bool

    public var description: String { expression }

    public init(_ expression: String) throws {
        self.expression = expression
        let macros = [
            "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0",
            "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
        ]
        let trimmed = expression.trimmingWhitespace()
        var fields = (macros[trimmed.lowercased()] ?? trimmed).split(separator: " ", omittingEmptySubsequences: true)
            .map { String($0).lowercased() }
        switch fields.count {
        case 5: fields.insert("0", at: 0)
        case 6: break
        default:
            throw JobQueueError.invalidSchedule("\"\(expression)\" has \(fields.count) fields; expected 5 or 6")
        }
        let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        let dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
        seconds = try Self.parse(fields[0], 0...59, names: [], in: expression)
        minutes = try Self.parse(fields[1], 0...59, names: [], in: expression)
        hours = try Self.parse(fields[2], 0...23, names: [], in: expression)
        daysOfMonth = try Self.parse(fields[3], 1...31, names: [], in: expression)
        months = try Self.parse(fields[4], 1...12, names: monthNames, nameBase: 1, in: expression)
        var weekdays = try Self.parse(fields[5], 0...7, names: dayNames, in: expression)
        if weekdays.remove(7) != nil { weekdays.insert(0) }
        daysOfWeek = weekdays
        daysOfMonthRestricted = !fields[3].hasPrefix("*")
        daysOfWeekRestricted = !fields[5].hasPrefix("*")
    }

    /// The first time strictly after `milliseconds` (since 1970) that matches, in milliseconds; nil if none
    /// within five years (a date like 31 February).
    public func next(after milliseconds: Int64) -> Int64? {
        var time = time_t(milliseconds / 1000 + 1)
        let limit = time + 5 * 366 * 86_400
        var parts = tm()
        while time < limit {
            gmtime_r(&time, &parts)
            if !months.contains(Int(parts.tm_mon) + 1) {
                time = Self.start(ofNext: .month, after: parts)
            } else if !dayMatches(dayOfMonth: Int(parts.tm_mday), dayOfWeek: Int(parts.tm_wday)) {
                time = Self.start(ofNext: .day, after: parts)
            } else if !hours.contains(Int(parts.tm_hour)) {
                time = Self.start(ofNext: .hour, after: parts)
            } else if !minutes.contains(Int(parts.tm_min)) {
                time = Self.start(ofNext: .minute, after: parts)
            } else if !seconds.contains(Int(parts.tm_sec)) {
                time += 1
            } else {
                return Int64(time) * 1000
            }
        }
        return nil
    }

    private enum Unit: Int, Comparable {
        case month, day, hour, minute

        static func < (lhs: Unit, rhs: Unit) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// The first second of the unit after the one `parts` falls in (`timegm` carries overflowing fields).
    private static func start(ofNext unit: Unit, after parts: tm) -> time_t {
        var next = parts
        switch unit {
        case .month: next.tm_mon += 1
        case .day: next.tm_mday += 1
        case .hour: next.tm_hour += 1
        case .minute: next.tm_min += 1
        }
        if unit == .month { next.tm_mday = 1 }
        if unit < .hour { next.tm_hour = 0 }
        if unit < .minute { next.tm_min = 0 }
        next.tm_sec = 0
        return timegm(&next)
    }
    private func dayMatches(dayOfMonth: Int, dayOfWeek: Int) -> Bool {
        let monthDay = daysOfMonth.contains(dayOfMonth)
        let weekDay = daysOfWeek.contains(dayOfWeek)
        if daysOfMonthRestricted && daysOfWeekRestricted { return monthDay || weekDay }
        return monthDay && weekDay
    }

    private static func parse(
        _ field: String,
        _ range: ClosedRange<Int>,
        names: [String],
        nameBase: Int = 0,
        in expression: String
    ) throws -> Set<Int> {
        func invalid(_ reason: String) -> JobQueueError {
            .invalidSchedule("\"\(expression)\": \(reason)")
        }
        func value(_ text: Substring) throws -> Int {
            if let number = Int(text) {
                guard range.contains(number) else { throw invalid("\(number) is outside \(range)") }
                return number
            }
            if let index = names.firstIndex(of: String(text)) { return index + nameBase }
            throw invalid("\"\(text)\" is not a number\(names.isEmpty ? "" : " or name")")
        }
        var result = Set<Int>()
        for item in field.split(separator: ",", omittingEmptySubsequences: false) {
            let stepParts = item.split(separator: "/", omittingEmptySubsequences: false)
            guard stepParts.count <= 2 else { throw invalid("\"\(item)\" has more than one '/'") }
            var step = 1
            if stepParts.count == 2 {
                guard let parsed = Int(stepParts[1]), parsed > 0 else { throw invalid("bad step in \"\(item)\"") }
                step = parsed
            }
            let base = stepParts[0]
            let lower: Int
            let upper: Int
            if base == "*" {
                (lower, upper) = (range.lowerBound, range.upperBound)
            } else if let dash = base.firstIndex(of: "-") {
                lower = try value(base[..<dash])
                upper = try value(base[base.index(after: dash)...])
                guard lower <= upper else { throw invalid("range \"\(base)\" runs backwards") }
            } else {
                lower = try value(base)
                upper = stepParts.count == 2 ? range.upperBound : lower
            }
            result.formUnion(stride(from: lower, through: upper, by: step))
        }
        return result
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
