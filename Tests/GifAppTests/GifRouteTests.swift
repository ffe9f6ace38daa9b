import Foundation
import GifProxy
import HTTPTypes
import HummingbirdTesting
import Logging
import Storage
import TestSupport
import Testing

@testable import App

/// The GIF routes through the real application: its worker runs the `gif.*` jobs against real Redis, and the
/// provider is a fake on loopback speaking Tenor v2 or GIPHY v1 over HTTP.
@Suite struct GifRouteTests {
    @Test func theTenorDialectPagesAndCachesNormalisedQueries() async throws {
        let fixture = try await GifFixture.make("tenor")
        try await withTeardown {
            await fixture.provider.stop()
        } body: {
            try await buildApplication(fixture.configuration).test(.router) { client in
                var ids: [String] = []
                var position = ""
                var pages = 0
                repeat {
                    let page = try await GifFixture.get(client, "/gifs/v2/search?q=Cats&limit=20&pos=\(position)")
                    #expect(page.status == .ok, "\(page.body)")
                    #expect(page.cache == "MISS")
                    ids += page.results.compactMap { $0["id"] as? String }
                    position = page.object["next"] as? String ?? ""
                    pages += 1
                } while !position.isEmpty && pages < 10
                #expect(pages == 3)
                #expect(ids == (0..<45).map { "cats-\($0)" })
                #expect(fixture.provider.apiCalls == 3)
                // Another spelling of the first question is the same cache entry.
                let again = try await GifFixture.get(client, "/gifs/v2/search?q=%20%20CATS%20&locale=en-us&limit=20")
                #expect(again.cache == "HIT")
                #expect(fixture.provider.apiCalls == 3)
                let first = try #require(again.results.first)
                #expect(first["itemurl"] as? String == "https://tenor.example/view/cats-0")
                #expect((first["hasaudio"] as? Bool) == false)
                let formats = try #require(first["media_formats"] as? [String: [String: Any]])
                #expect(Set(formats.keys) == ["gif", "tinygif", "mp4"], "a javascript: URL is never passed on")
                #expect(formats["gif"]?["dims"] as? [Int] == [498, 280])
                let filtered = try await GifFixture.get(client, "/gifs/v2/search?q=cats&media_filter=tinygif,mp4")
                let kept = filtered.results.first?["media_formats"] as? [String: Any]
                #expect(Set(kept?.keys.map { $0 } ?? []) == ["tinygif", "mp4"])
                // The other Tenor routes.
                let featured = try await GifFixture.get(client, "/gifs/v2/featured?limit=5")
                #expect(featured.results.count == 5 && featured.object["next"] as? String == "5")
                let categories = try await GifFixture.get(client, "/gifs/v2/categories")
                let tags = try #require(categories.object["tags"] as? [[String: Any]])
                #expect(tags.map { $0["searchterm"] as? String } == ["happy", "sad", "excited"])
                #expect(tags.first?["name"] as? String == "#happy")
                let suggestions = try await GifFixture.get(client, "/gifs/v2/autocomplete?q=ca&limit=3")
                #expect(suggestions.object["results"] as? [String] == ["ca 0", "ca 1", "ca 2"])
            }
        }
    }

    @Test func theGifboxDialectPagesOverGiphyAndEnforcesTheRating() async throws {
        let fixture = try await GifFixture.make("giphy", ["gifs.content_filter": "medium"])
        try await withTeardown {
            await fixture.provider.stop()
        } body: {
            try await buildApplication(fixture.configuration).test(.router) { client in
                let first = try await GifFixture.get(client, "/gifbox/search?query=dogs&limit=20&contentfilter=off")
                #expect(first.status == .ok, "\(first.body)")
                #expect(first.object["next"] as? String == "20")
                let item = try #require(first.results.first)
                #expect(item["url"] as? String == "https://giphy.example/gifs/dogs-0")
                let formats = try #require(item["media_formats"] as? [String: [String: Any]])
                #expect(formats["gif"]?["dimensions"] as? [Int] == [480, 270])
                #expect((formats["webm"]?["url"] as? String)?.hasSuffix("/media/clip.mp4") == true)
                #expect(formats["tinywebm"] != nil && formats["tinygif"] != nil)
                let second = try await GifFixture.get(client, "/gifbox/search?query=dogs&limit=20&position=20")
                #expect(second.results.first?["id"] as? String == "dogs-20")
                #expect(second.object["next"] as? String == "40")
                let last = try await GifFixture.get(client, "/gifbox/search?query=dogs&limit=20&position=40")
                #expect(last.results.count == 5 && last.object["next"] as? String == "")
                // A client asking for no filter still gets the operator's; one asking for stricter gets stricter.
                let ratings = fixture.provider.origin.requests.filter { $0.target.hasPrefix("/v1/gifs/search?") }
                    .map { $0.query["rating"] }
                #expect(ratings == ["pg", "pg", "pg"])
                _ = try await GifFixture.get(client, "/gifbox/trending?contentfilter=high")
                #expect(fixture.provider.origin.requests.last?.query["rating"] == "g")
                let categories = try await GifFixture.get(client, "/gifbox/categories")
                let tiles = try #require(categories.json as? [[String: String]])
                #expect(tiles.map { $0["title"] } == ["actions", "animals"])
                let bad = try await GifFixture.get(client, "/gifbox/search?query=dogs&position=not-a-number")
                #expect(bad.status == .badRequest && bad.type == "InvalidRequest")
            }
        }
    }

    @Test func fiftyConcurrentIdenticalMissesMakeOneUpstreamCall() async throws {
        let fixture = try await GifFixture.make("tenor")
        try await withTeardown {
            await fixture.provider.stop()
        } body: {
            fixture.provider.set(.normal, latency: .milliseconds(400))
            try await buildApplication(fixture.configuration).test(.router) { client in
                let answers = try await withThrowingTaskGroup(of: GifFixture.Answer.self) { group in
                    for index in 0..<50 {
                        group.addTask {
                            // Spellings differ; the normalised question is one.
                            try await GifFixture.get(
                                client, "/gifs/v2/search?q=\(index % 2 == 0 ? "party" : "PARTY%20")")
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(answers.allSatisfy { $0.status == .ok })
                #expect(Set(answers.map(\.body)).count == 1)
                #expect(fixture.provider.apiCalls == 1)
            }
        }
    }

    @Test func staleAnswersAreServedAtOnceAndRefreshedInTheBackground() async throws {
        let fixture = try await GifFixture.make(
            "tenor", ["gifs.search_ttl": "1s", "gifs.stale_while_revalidate": "1h"])
        try await withTeardown {
            await fixture.provider.stop()
        } body: {
            try await buildApplication(fixture.configuration).test(.router) { client in
                #expect(try await GifFixture.get(client, "/gifs/v2/search?q=owl").cache == "MISS")
                fixture.clock.advance(by: .milliseconds(1500))
                fixture.provider.set(.normal, latency: .seconds(6))
                let started = ContinuousClock.now
                let stale = try await GifFixture.get(client, "/gifs/v2/search?q=owl")
                #expect(stale.cache == "STALE")
                #expect(ContinuousClock.now - started < .seconds(5), "a stale answer does not wait for the provider")
                #expect(try await GifFixture.eventually { fixture.provider.apiCalls == 2 })
                #expect(
                    try await GifFixture.eventually {
                        try await GifFixture.get(client, "/gifs/v2/search?q=owl").cache == "HIT"
                    })
            }
        }
    }

    @Test func theLastGoodAnswerIsServedWhenTheProviderFails() async throws {
        let fixture = try await GifFixture.make(
            "tenor", ["gifs.search_ttl": "1s", "gifs.stale_while_revalidate": "0s", "gifs.stale_if_error": "1h"])
        try await withTeardown {
            await fixture.provider.stop()
        } body: {
            try await buildApplication(fixture.configuration).test(.router) { client in
                let fresh = try await GifFixture.get(client, "/gifs/v2/search?q=fox")
                #expect(fresh.cache == "MISS")
                fixture.clock.advance(by: .milliseconds(1500))
                fixture.provider.set(.failing(status: 500))
                let stale = try await GifFixture.get(client, "/gifs/v2/search?q=fox")
                #expect(stale.status == .ok)
                #expect(stale.cache == "STALE-IF-ERROR")
                #expect(stale.body == fresh.body)
                let nothingKept = try await GifFixture.get(client, "/gifs/v2/search?q=badger")
                #expect(nothingKept.status == .badGateway && nothingKept.type == "UpstreamError")
            }
        }
    }

    @Test func malformedAnswersAreAClear502AndNothingIsCached() async throws {
        let fixture = try await GifFixture.make("tenor")
        try await withTeardown {
            await fixture.provider.stop()
        } body: {
            fixture.provider.set(.malformed)
            try await buildApplication(fixture.configuration).test(.router) { client in
                let answer = try await GifFixture.get(client, "/gifs/v2/search?q=broken")
                #expect(answer.status == .badGateway)
                #expect(answer.type == "UpstreamError")
                #expect((answer.object["reason"] as? String)?.contains("malformed") == true)
                #expect(try await fixture.cachedAnswers() == 0)
                fixture.provider.set(.normal)
                #expect(try await GifFixture.get(client, "/gifs/v2/search?q=mended").status == .ok)
                #expect(try await fixture.cachedAnswers() == 1)
            }
        }
    }

    @Test func theCircuitBreakerOpensAndProbesAfterItsCooldown() async throws {
        let fixture = try await GifFixture.make(
            "tenor", ["gifs.breaker_failures": "3", "gifs.breaker_cooldown": "5s"])
        try await withTeardown {
            await fixture.provider.stop()
        } body: {
            fixture.provider.set(.failing(status: 503))
            try await buildApplication(fixture.configuration).test(.router) { client in
                for index in 0..<3 {
                    let failed = try await GifFixture.get(client, "/gifs/v2/search?q=down\(index)")
                    #expect(failed.status == .badGateway, "closed: the call is made and fails")
                }
                #expect(fixture.provider.apiCalls == 3)
                let open = try await GifFixture.get(client, "/gifs/v2/search?q=down3")
                #expect(open.status == .serviceUnavailable && open.type == "ProviderUnavailable")
                #expect(open.headers[.retryAfter] != nil)
                #expect(fixture.provider.apiCalls == 3, "open: the provider is left alone")
                try await Task.sleep(for: .milliseconds(5300))
                fixture.provider.set(.normal)
                let probe = try await GifFixture.get(client, "/gifs/v2/search?q=up")
                #expect(probe.status == .ok, "half-open: one probe goes through and closes the breaker")
                #expect(try await GifFixture.get(client, "/gifs/v2/search?q=up2").status == .ok)
                #expect(fixture.provider.apiCalls == 5)
            }
        }
    }

    @Test func anUpstream429IsRespectedByEveryRequest() async throws {
        let fixture = try await GifFixture.make("giphy")
        try await withTeardown {
            await fixture.provider.stop()
        } body: {
            fixture.provider.set(.rateLimited(retryAfter: 30))
            try await buildApplication(fixture.configuration).test(.router) { client in
                let limited = try await GifFixture.get(client, "/gifbox/search?query=slow")
                #expect(limited.status == .serviceUnavailable && limited.type == "ProviderRateLimited")
                #expect(limited.headers[.retryAfter] == "30")
                fixture.provider.set(.normal)
                let other = try await GifFixture.get(client, "/gifbox/search?query=other")
                #expect(other.status == .serviceUnavailable && other.type == "ProviderRateLimited")
                #expect(Int(other.headers[.retryAfter] ?? "") ?? 0 > 20)
                #expect(fixture.provider.apiCalls == 1, "nobody calls the provider before Retry-After ends")
            }
        }
    }

    @Test func theKeyNeverLeaksIntoAnswersOrLogs() async throws {
        for kind in ["tenor", "giphy"] {
            let fixture = try await GifFixture.make(kind, ["log.level": "trace"])
            try await withTeardown {
                await fixture.provider.stop()
            } body: {
                let logs = CapturedLogs()
                let seen = try await buildApplication(fixture.configuration, logger: logs.logger).test(.router) {
                    client in
                    var seen: [String] = []
                    let path = kind == "tenor" ? "/gifs/v2/search?q=" : "/gifbox/search?query="
                    for (index, mode) in [
                        FakeGifProvider.Mode.normal, .failing(status: 500), .rateLimited(retryAfter: 1), .malformed,
                    ].enumerated() {
                        fixture.provider.set(mode)
                        let answer = try await GifFixture.get(client, path + "leak\(index)")
                        seen.append(answer.body + "\(answer.headers)")
                        try await Task.sleep(for: .milliseconds(1100))
                    }
                    return seen
                }
                // The provider did get the key; nothing else did.
                #expect(fixture.provider.origin.requests.contains { $0.target.contains(fixture.provider.key) })
                #expect(!seen.contains { $0.contains(fixture.provider.key) })
                #expect(!logs.lines.withLockedValue { $0 }.contains { $0.contains(fixture.provider.key) })
                #expect(!logs.lines.withLockedValue { $0 }.isEmpty)
            }
        }
        let shown = try AppConfiguration.testing(["gifs.api_key": "a-secret-provider-key"]).resolved.rendered()
        #expect(!shown.contains("a-secret-provider-key"))
    }

    @Test func requestsNeedATokenAndAreRateLimitedPerUser() async throws {
        let fixture = try await GifFixture.make("tenor", ["gifs.anonymous": "false", "gifs.rate_limit": "3"])
        try await withTeardown {
            await fixture.provider.stop()
        } body: {
            let token = try await MetadataStore.withStore(
                location: fixture.configuration.database, logger: Logger(label: "gif-tests")
            ) { store in
                try await store.migrate()
                return try await store.createSession(userID: "gif-user", kind: .session, name: "test").token
            }
            let botToken = try await MetadataStore.withStore(
                location: fixture.configuration.database, logger: Logger(label: "gif-tests")
            ) { try await $0.createSession(userID: "gif-bot", kind: .bot, name: "test").token }
            try await buildApplication(fixture.configuration).test(.router) { client in
                let nobody = try await GifFixture.get(client, "/gifs/v2/search?q=hi")
                #expect(nobody.status == .unauthorized)
                let wrong = try await GifFixture.get(
                    client, "/gifbox/trending", headers: [HTTPField.Name("X-Session-Token")!: "not-a-token"])
                #expect(wrong.status == .unauthorized)
                let headers: HTTPFields = [HTTPField.Name("X-Session-Token")!: token]
                for remaining in [2, 1, 0] {
                    let allowed = try await GifFixture.get(client, "/gifs/v2/search?q=hi", headers: headers)
                    #expect(allowed.status == .ok)
                    #expect(allowed.headers[HTTPField.Name("X-RateLimit-Remaining")!] == String(remaining))
                    #expect(allowed.headers[HTTPField.Name("X-RateLimit-Bucket")!] == "gifs")
                }
                let refused = try await GifFixture.get(client, "/gifs/v2/search?q=hi", headers: headers)
                #expect(refused.status == .tooManyRequests && refused.type == "RateLimited")
                // Bots search with X-Bot-Token (their own budget); a bot token sent as a session token proves nothing.
                let bot = try await GifFixture.get(
                    client, "/gifs/v2/search?q=hi", headers: [HTTPField.Name("X-Bot-Token")!: botToken])
                #expect(bot.status == .ok)
                let misnamed = try await GifFixture.get(
                    client, "/gifs/v2/search?q=hi", headers: [HTTPField.Name("X-Session-Token")!: botToken])
                #expect(misnamed.status == .unauthorized)
                #expect(refused.headers[.retryAfter] != nil)
                #expect(fixture.provider.apiCalls == 1)
            }
        }
    }

    /// Limits of 128 or more are taken from Redis a 64th at a time and spent in the process: hits within a lease
    /// skip Redis, the count a client sees still goes down one by one, and the limit still holds exactly.
    @Test func largeLimitsAreLeasedAndStillHoldExactly() async throws {
        let fixture = try await GifFixture.make("tenor", ["gifs.rate_limit": "130"])
        try await withTeardown {
            await fixture.provider.stop()
        } body: {
            try await buildApplication(fixture.configuration).test(.router) { client in
                var remaining: [Int] = []
                var refused: GifFixture.Answer?
                for _ in 0..<135 {
                    let answer = try await GifFixture.get(client, "/gifs/v2/search?q=leased")
                    if answer.status == .ok {
                        remaining.append(Int(answer.headers[HTTPField.Name("X-RateLimit-Remaining")!] ?? "") ?? -1)
                    } else if refused == nil {
                        refused = answer
                    }
                }
                #expect(remaining == Array((0..<130).reversed()))
                #expect(refused?.status == .tooManyRequests && refused?.type == "RateLimited")
                #expect(fixture.provider.apiCalls == 1)
                // Two slots a trip (130 / 64): Redis counted every slot handed out, and no more than the limit.
                let counted = try await fixture.rateLimitCounts()
                #expect(counted == ["130"])
            }
        }
    }

    @Test func mirroredMediaIsFetchedOnceAndServedFromTheBlobStore() async throws {
        let fixture = try await GifFixture.make("tenor", ["gifs.mirror_media": "true"])
        try await withTeardown {
            await fixture.provider.stop()
        } body: {
            try await buildApplication(fixture.configuration).test(.router) { client in
                let page = try await GifFixture.get(client, "/gifs/v2/search?q=mirror&limit=2")
                let formats = try #require(page.results.first?["media_formats"] as? [String: [String: Any]])
                let link = try #require(formats["gif"]?["url"] as? String)
                #expect(link.hasPrefix("/gifs/media?url="))
                #expect(!page.body.contains(fixture.provider.baseURL), "no provider URL reaches the client")
                for _ in 0..<3 {
                    let file = try await client.execute(uri: link, method: .get)
                    #expect(file.status == .ok)
                    #expect(file.headers[.contentType] == "image/gif")
                    #expect(file.headers[.cacheControl] == "public, max-age=86400, immutable")
                    #expect(Array(file.body.readableBytesView.prefix(6)) == Array("GIF89a".utf8))
                }
                #expect(fixture.provider.origin.hits("/media/clip.gif") == 1)
                let links = MediaLinks(apiKey: fixture.provider.key, route: "/gifs/media")
                let forged = link.replacingOccurrences(of: "sig=", with: "sig=x")
                #expect(try await client.execute(uri: forged, method: .get).status == .badRequest)
                let unsigned = try await client.execute(
                    uri: "/gifs/media?url=\(fixture.provider.origin.url("/media/clip.mp4"))", method: .get)
                #expect(unsigned.status == .badRequest)
                let disguised = try await client.execute(
                    uri: links.link(fixture.provider.origin.url("/media/page.html")), method: .get)
                #expect(disguised.status == .unsupportedMediaType)
            }
        }
    }

    @Test func badQuestionsAndAMissingProviderGetClearErrors() async throws {
        let fixture = try await GifFixture.make("tenor")
        try await withTeardown {
            await fixture.provider.stop()
        } body: {
            try await buildApplication(fixture.configuration).test(.router) { client in
                for uri in [
                    "/gifs/v2/search", "/gifs/v2/search?q=%20%20", "/gifs/v2/search?q=a&limit=many",
                    "/gifs/v2/search?q=a&locale=english!", "/gifbox/search?query=a&contentfilter=extreme",
                    "/gifs/v2/search?q=a&pos=%3Cscript%3E",
                ] {
                    let answer = try await GifFixture.get(client, uri)
                    #expect(answer.status == .badRequest, "\(uri)")
                    #expect(answer.type == "InvalidRequest", "\(uri)")
                }
                #expect(fixture.provider.apiCalls == 0)
            }
            var unconfigured = fixture.configuration
            unconfigured.gifs.apiKey = ""
            try await buildApplication(unconfigured).test(.router) { client in
                let answer = try await GifFixture.get(client, "/gifbox/trending")
                #expect(answer.status == .serviceUnavailable && answer.type == "GifsUnavailable")
            }
            #expect(throws: ConfigurationError.self) {
                try AppConfiguration.testing(["gifs.provider": "tenor", "gifs.api_key": "k"])
            }
        }
    }
}

/// The GIF role on its own, and front ends in separate processes' shoes sharing one worker through Redis.
@Suite struct GifRoleTests {
    @Test func theGifsRoleMountsOnlyTheGifRoutes() async throws {
        let fixture = try await GifFixture.make("giphy")
        try await withTeardown {
            await fixture.provider.stop()
        } body: {
            try await buildApplication(fixture.configuration, roles: [.gifs]).test(.router) { client in
                let files = try await client.execute(uri: "/autumn/", method: .get)
                let links = try await client.execute(uri: "/january/", method: .get)
                // A question refused before any job is asked: the route is there, no worker needed.
                let gifs = try await client.execute(uri: "/gifs/v2/search", method: .get)
                #expect(files.status == .notFound && links.status == .notFound)
                #expect(gifs.status == .badRequest)
            }
            try await buildApplication(fixture.configuration, roles: [.files]).test(.router) { client in
                let gifs = try await client.execute(uri: "/gifbox/trending", method: .get)
                #expect(gifs.status == .notFound)
            }
        }
    }

    @Test func twoFrontEndsAndAWorkerMakeOneUpstreamCallBetweenThem() async throws {
        let fixture = try await GifFixture.make("tenor")
        try await withTeardown {
            await fixture.provider.stop()
        } body: {
            fixture.provider.set(.normal, latency: .milliseconds(400))
            let first = try buildApplication(fixture.configuration, roles: [.gifs])
            let second = try buildApplication(fixture.configuration, roles: [.gifs])
            let worker = try buildApplication(fixture.configuration, roles: [.worker])
            try await worker.test(.router) { _ in
                try await first.test(.router) { one in
                    try await second.test(.router) { two in
                        let answers = try await withThrowingTaskGroup(of: GifFixture.Answer.self) { group in
                            for index in 0..<50 {
                                group.addTask {
                                    index % 2 == 0
                                        ? try await GifFixture.get(one, "/gifs/v2/search?q=shared")
                                        : try await GifFixture.get(two, "/gifs/v2/search?q=shared")
                                }
                            }
                            return try await group.reduce(into: []) { $0.append($1) }
                        }
                        #expect(answers.allSatisfy { $0.status == .ok })
                        #expect(Set(answers.map(\.body)).count == 1)
                        #expect(fixture.provider.apiCalls == 1)
                        let again = try await GifFixture.get(two, "/gifs/v2/search?q=shared")
                        #expect(again.cache == "HIT")
                    }
                }
            }
        }
    }

    @Test func aBreakerThatOpensInOneWorkerHoldsEveryWorkerBack() async throws {
        let fixture = try await GifFixture.make(
            "tenor", ["gifs.breaker_failures": "2", "gifs.breaker_cooldown": "60s"])
        try await withTeardown {
            await fixture.provider.stop()
        } body: {
            fixture.provider.set(.failing(status: 503))
            try await buildApplication(fixture.configuration, roles: [.worker]).test(.router) { _ in
                try await buildApplication(fixture.configuration, roles: [.gifs]).test(.router) { client in
                    for index in 0..<2 {
                        let failed = try await GifFixture.get(client, "/gifs/v2/search?q=first\(index)")
                        #expect(failed.status == .badGateway)
                    }
                }
            }
            #expect(fixture.provider.apiCalls == 2)
            // Another worker process, whose own breaker never saw a failure, leaves the provider alone too.
            try await buildApplication(fixture.configuration, roles: [.worker]).test(.router) { _ in
                try await buildApplication(fixture.configuration, roles: [.gifs]).test(.router) { client in
                    let held = try await GifFixture.get(client, "/gifs/v2/search?q=second")
                    #expect(held.status == .serviceUnavailable && held.type == "ProviderUnavailable")
                    #expect(Int(held.headers[.retryAfter] ?? "") ?? 0 > 30)
                }
            }
            #expect(fixture.provider.apiCalls == 2)
        }
    }
}
