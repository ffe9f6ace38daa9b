import Testing

@testable import JobQueue

@Suite struct CronScheduleTests {
    /// 2026-11-22 10:17:30 UTC, a Sunday.
    let sunday: Int64 = 1_795_342_650_000

    func next(_ expression: String, after: Int64) throws -> Int64? {
        try CronSchedule(expression).next(after: after)
    }

    @Test func everyFifteenMinutes() throws {
        #expect(try next("*/15 * * * *", after: sunday) == 1_795_343_400_000)  // 10:30:00
    }

    @Test func nextSlotIsStrictlyLater() throws {
        let slot = try #require(try next("*/15 * * * *", after: sunday))
        #expect(try next("*/15 * * * *", after: slot) == slot + 15 * 60_000)
    }

    @Test func dailyMacroIsMidnight() throws {
        #expect(try next("@daily", after: sunday) == 1_795_392_000_000)  // 2026-11-23 00:00
    }

    @Test func sixFieldsCountSeconds() throws {
        #expect(try next("*/10 * * * * *", after: sunday) == sunday + 10_000)  // 10:17:40
    }

    @Test func weekdayNamesAndSundayAsSeven() throws {
        // Next Monday 03:00 after a Sunday morning.
        #expect(try next("0 3 * * mon", after: sunday) == 1_795_402_800_000)
        #expect(try next("0 12 * * 7", after: sunday) == 1_795_348_800_000)  // same Sunday, noon
    }

    @Test func restrictedDayFieldsMatchEither() throws {
        // "the 1st, or any Monday": Monday the 23rd comes before 1 December.
        #expect(try next("0 0 1 * mon", after: sunday) == 1_795_392_000_000)
    }

    @Test func leapDayIsFoundYearsAhead() throws {
        #expect(try next("0 0 29 feb *", after: sunday) == 1_835_395_200_000)  // 2028-02-29
    }

    @Test func impossibleDatesHaveNoNextSlot() throws {
        #expect(try next("0 0 31 2 *", after: sunday) == nil)
    }

    @Test(arguments: ["", "* * * *", "61 * * * *", "* * * * * * *", "*/0 * * * *", "5-1 * * * *", "* * * smarch *"])
    func rejectsBadExpressions(_ expression: String) {
        #expect(throws: JobQueueError.self) { try CronSchedule(expression) }
    }
}
