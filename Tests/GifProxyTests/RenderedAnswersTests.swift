import NIOCore
import Testing

@testable import GifProxy

/// A rendering Redis showed a moment ago is served without asking again, for no longer than `confirmedFor`.
@Suite struct RenderedAnswersTests {
    @Test func aConfirmedAnswerLastsTwoSecondsAndTheNewestConfirmationWins() {
        let answers = RenderedAnswers()
        let start = ContinuousClock.now
        #expect(answers.confirmed("tenor|q|", now: start) == nil)
        answers.confirm("tenor|q|", fetchedAt: 1, body: ByteBuffer(string: "old"), now: start)
        answers.confirm("tenor|q|", fetchedAt: 2, body: ByteBuffer(string: "new"), now: start + .seconds(1))
        let shown = answers.confirmed("tenor|q|", now: start + .seconds(3))
        #expect(shown?.fetchedAt == 2 && shown.map { String(buffer: $0.body) } == "new")
        #expect(answers.confirmed("tenor|q|", now: start + .milliseconds(3001)) == nil)
        #expect(answers.confirmed("gifbox|q|", now: start) == nil)
    }

    @Test func confirmationsAreBoundedLikeTheBodies() {
        let answers = RenderedAnswers(capacity: 2)
        let start = ContinuousClock.now
        answers.confirm("a", fetchedAt: 1, body: ByteBuffer(), now: start)
        answers.confirm("b", fetchedAt: 1, body: ByteBuffer(), now: start + .seconds(5))
        answers.confirm("c", fetchedAt: 1, body: ByteBuffer(), now: start + .seconds(5))
        #expect(answers.confirmed("a", now: start + .seconds(5)) == nil)
        #expect(answers.confirmed("b", now: start + .seconds(5)) != nil)
        #expect(answers.confirmed("c", now: start + .seconds(5)) != nil)
    }
}
