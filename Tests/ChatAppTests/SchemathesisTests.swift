import ChatAPI
import Foundation
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

@testable import App

/// schemathesis (PyPI, installed by Deploy/setup.sh) fuzzes every operation of `GET /api/openapi.json` against a
/// live server: no answer may be a server error, and every answer must have a documented status, content type,
/// headers and shape. The routes that end the run's own session are left out (they would sign the fuzzer out).
@Suite struct SchemathesisTests {
    @Test func schemathesisFindsNothing() async throws {
        let schemathesis = StoatClientTests.root.appendingPathComponent(".tools/venv/bin/schemathesis").path
        #expect(
            FileManager.default.isExecutableFile(atPath: schemathesis),
            "schemathesis is missing: run `make setup` (Deploy/setup.sh)")
        let fixture = try await ChatFixture.make(.sqlite)
        try await buildApplication(fixture.configuration).test(.live) { client in
            let port = try #require(client.port)
            let (_, token) = try await APIClient(client: client).signUpForToken("fuzzer")
            let run = try await ToolRun.run(
                schemathesis,
                [
                    "run", "http://127.0.0.1:\(port)/api/openapi.json", "-H", "X-Session-Token: \(token)",
                    "--checks",
                    "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,"
                        + "response_headers_conformance,use_after_free,ensure_resource_availability,ignored_auth,"
                        + "missing_required_header",
                    // A request that never answers is a failure within 20 s, not a run that waits for ever.
                    "--max-examples", "10", "--request-timeout", "20", "--exclude-path", "/auth/session/logout",
                    "--exclude-path",
                    "/auth/session/all", "--exclude-path", "/auth/session/{session}", "--exclude-path",
                    "/auth/account/change/password",
                ], environment: ["NO_COLOR": "1"],
                // Its caches (.schemathesis, .hypothesis) go to a directory of the run's own, not the repository.
                directory: TestEndpoints.temporaryDirectory("schemathesis"), timeout: .seconds(600))
            #expect(run.status == 0, "schemathesis found problems:\n\(run.outputText)\n\(run.errorText)")
            #expect(run.outputText.contains("passed"), "\(run.outputText)")
        }
    }
}

/// The OpenAPI document names routes that exist: each documented operation reaches a handler (an unknown route
/// answers the router's bare 404, a handler answers JSON).
@Suite struct OpenAPIDocumentTests {
    @Test func everyDocumentedOperationIsMounted() async throws {
        let fixture = try await ChatFixture.make(.sqlite)
        try await buildApplication(fixture.configuration).test(.router) { client in
            let api = APIClient(client: client)
            let document = try await api.get("/openapi.json")
            #expect(document["openapi"] as? String == "3.0.3")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            #expect(paths.values.map(\.count).reduce(0, +) >= 65)
            let (user, _) = try await api.signUp("documented")
            // The control: a route that does not exist answers without JSON.
            #expect(try await user.get("/no/such/route").json == nil)
            let placeholder = ChatAPI.ULID.make()
            for (path, methods) in paths {
                let concrete = path.split(separator: "/", omittingEmptySubsequences: false).map {
                    $0.hasPrefix("{") ? (($0 == "{code}" || $0 == "{session}") ? "abc" : placeholder) : String($0)
                }.joined(separator: "/")
                for method in methods.keys where path != "/auth/session/logout" && path != "/auth/session/all" {
                    let answer = try await user.request(
                        HTTPRequest.Method(method.uppercased())!, concrete, ["unused": true])
                    #expect(answer.json != nil, "\(method.uppercased()) \(path) answered \(answer.status) without JSON")
                }
            }
        }
    }
}
