import Testing

@testable import LinkProxy

@Suite struct ProxySignerTests {
    let current = ProxySigner.Key(id: "k2", secret: Array("second-secret-0123456789".utf8))
    let previous = ProxySigner.Key(id: "k1", secret: Array("first-secret-0123456789".utf8))

    @Test func signsWithTheFirstKeyAndVerifiesWithAny() throws {
        let old = ProxySigner(keys: [previous])
        let rotated = ProxySigner(keys: [current, previous])
        let url = "https://example.com/a.png"
        let oldSignature = try #require(old.sign(url))
        let newSignature = try #require(rotated.sign(url))
        #expect(newSignature.hasPrefix("k2."))
        #expect(rotated.verify(url, signature: oldSignature))
        #expect(rotated.verify(url, signature: newSignature))
        #expect(!old.verify(url, signature: newSignature))
        #expect(!rotated.verify(url + "x", signature: newSignature))
        #expect(!rotated.verify(url, signature: "k2." + String(newSignature.dropFirst(3).reversed())))
        #expect(!rotated.verify(url, signature: "garbage"))
    }

    @Test func parsesKeyLists() {
        #expect(ProxySigner.Key.parseList("a:0123456789abcdef, b:fedcba9876543210")?.map(\.id) == ["a", "b"])
        #expect(ProxySigner.Key.parseList("a:short") == nil)
        #expect(ProxySigner.Key.parseList("nocolon") == nil)
        #expect(ProxySigner.Key.parseList("")?.isEmpty == true)
    }

    @Test func linksAreSignedProxyURLsOnlyWhenKeysAreSet() {
        let url = "https://example.com/a b.png?x=1&y=2"
        #expect(ProxyLinks(settings: LinkProxySettings()).link(url) == url)
        let links = ProxyLinks(settings: LinkProxySettings(publicURL: "https://chat.example/", signingKeys: [current]))
        let link = links.link(url)
        #expect(
            link.hasPrefix(
                "https://chat.example/january/proxy?url=https%3A%2F%2Fexample.com%2Fa%20b.png%3Fx%3D1%26y%3D2&sig=k2."))
    }
}
