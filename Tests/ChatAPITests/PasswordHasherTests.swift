import Testing

@testable import ChatAPI

@Suite struct PasswordHasherTests {
    @Test func argon2idHashesVerifyAndNeverRepeat() async throws {
        let hasher = PasswordHasher()
        let first = try await hasher.hash("correct horse battery staple")
        let second = try await hasher.hash("correct horse battery staple")
        #expect(first.hasPrefix("$argon2id$v=19$m=19456,t=2,p=1$"))
        #expect(first != second, "a fresh salt each time")
        #expect(await hasher.verify("correct horse battery staple", encoded: first))
        #expect(await !hasher.verify("Correct horse battery staple", encoded: first))
        #expect(await !hasher.verify("anything", encoded: "not a hash"))
    }
}
