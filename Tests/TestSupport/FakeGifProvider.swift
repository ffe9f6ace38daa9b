import Foundation
import NIOConcurrencyHelpers

/// A GIF provider on loopback speaking both upstream dialects (Tenor v2 and GIPHY v1) over real HTTP, with
/// answers made from the query (so paging can be followed), media files to mirror, and misbehaviour on demand:
/// latency, 5xx, 429 with `Retry-After`, malformed JSON. A request without the right key gets 401.
public final class FakeGifProvider: Sendable {
    public enum Mode: Sendable, Equatable {
        case normal
        case failing(status: Int)
        case rateLimited(retryAfter: Int)
        case malformed
    }

    public let origin: FixtureOrigin
    public let key: String
    /// Results a search has in all, over every page.
    public let total: Int
    private let state = NIOLockedValueBox<(mode: Mode, latency: Duration)>((.normal, .zero))

    public init(key: String = "fake-provider-key-\(UUID().uuidString.prefix(8))", total: Int = 45) async throws {
        self.key = key
        self.total = total
        origin = try await FixtureOrigin()
        let base = origin.url("")
        for (path, kind) in [
            ("/v2/search", "tenor-page"), ("/v2/featured", "tenor-page"), ("/v2/categories", "tenor-categories"),
            ("/v2/autocomplete", "tenor-terms"), ("/v1/gifs/search", "giphy-page"),
            ("/v1/gifs/trending", "giphy-page"), ("/v1/gifs/categories", "giphy-categories"),
            ("/v1/gifs/search/tags", "giphy-terms"),
        ] {
            origin.respond(path) { [state, key, total] request in
                let (mode, latency) = state.withLockedValue { $0 }
                var steps: [FixtureOrigin.Step] = latency > .zero ? [.pause(latency)] : []
                let query = request.query
                guard query["key"] == key || query["api_key"] == key else {
                    return steps + [Self.json(status: 401, Array(#"{"error":"bad key"}"#.utf8))]
                }
                switch mode {
                case .failing(let status):
                    steps.append(Self.json(status: status, Array(#"{"error":"down"}"#.utf8)))
                case .rateLimited(let seconds):
                    steps.append(
                        .send(
                            FixtureOrigin.head(status: 429, headers: ["Retry-After: \(seconds)", "Content-Length: 0"])))
                case .malformed:
                    steps.append(Self.json(status: 200, Array(#"{"results": [{"id": 1, "media_formats": "#.utf8)))
                case .normal:
                    steps.append(Self.json(status: 200, Self.answer(kind, query: query, base: base, total: total)))
                }
                return steps
            }
        }
        origin.respond("/media/clip.gif") { _ in
            [Self.file(contentType: "image/gif", Array("GIF89a".utf8) + [UInt8](repeating: 7, count: 2000))]
        }
        origin.respond("/media/clip.mp4") { _ in
            [
                Self.file(
                    contentType: "video/mp4",
                    [0, 0, 0, 24] + Array("ftypisom".utf8) + [UInt8](repeating: 1, count: 500))
            ]
        }
        origin.respond("/media/page.html") { _ in
            [Self.file(contentType: "image/gif", Array("<html><script>alert(1)</script></html>".utf8))]
        }
    }

    /// `http://127.0.0.1:PORT`
    public var baseURL: String { origin.url("") }

    public func set(_ mode: Mode, latency: Duration = .zero) {
        state.withLockedValue { $0 = (mode, latency) }
    }

    /// Calls made to the provider's API (media fetches not counted).
    public var apiCalls: Int { origin.requests.filter { !$0.target.hasPrefix("/media/") }.count }

    public func stop() async { await origin.stop() }

    static func json(status: Int, _ body: [UInt8]) -> FixtureOrigin.Step {
        .send(
            FixtureOrigin.head(
                status: status, headers: ["Content-Type: application/json", "Content-Length: \(body.count)"]) + body)
    }

    static func file(contentType: String, _ body: [UInt8]) -> FixtureOrigin.Step {
        .send(
            FixtureOrigin.head(status: 200, headers: ["Content-Type: \(contentType)", "Content-Length: \(body.count)"])
                + body)
    }

    static func answer(_ kind: String, query: [String: String], base: String, total: Int) -> [UInt8] {
        let term = query["q"] ?? "trending"
        let limit = min(Int(query["limit"] ?? "") ?? 20, 50)
        let object: Any
        switch kind {
        case "tenor-page":
            let start = Int(query["pos"] ?? "") ?? 0
            let indices = Array(start..<min(start + limit, total))
            object =
                [
                    "results": indices.map { index in
                        [
                            "id": "\(term)-\(index)", "title": "\(term) \(index)",
                            "content_description": "GIF \(index)",
                            "created": 1_700_000_000.5, "itemurl": "https://tenor.example/view/\(term)-\(index)",
                            "url": "https://tenor.example/\(index).gif", "tags": [term], "hasaudio": false,
                            "filter": query["contentfilter"] ?? "",
                            "media_formats": [
                                "gif": [
                                    "url": "\(base)/media/clip.gif", "dims": [498, 280], "duration": 1.2, "size": 2006,
                                ],
                                "tinygif": [
                                    "url": "\(base)/media/clip.gif", "dims": [220, 124], "duration": 1.2, "size": 2006,
                                ],
                                "mp4": [
                                    "url": "\(base)/media/clip.mp4", "dims": [498, 280], "duration": 1.2, "size": 512,
                                ],
                                "webm": ["url": "javascript:alert(1)", "dims": [1, 1], "duration": 0, "size": 1],
                            ],
                        ] as [String: Any]
                    },
                    "next": indices.last.map { $0 + 1 < total ? String($0 + 1) : "" } ?? "",
                ] as [String: Any]
        case "giphy-page":
            let start = Int(query["offset"] ?? "") ?? 0
            let indices = Array(start..<min(start + limit, total))
            func rendition(_ width: Int, _ height: Int) -> [String: String] {
                [
                    "url": "\(base)/media/clip.gif", "width": String(width), "height": String(height), "size": "2006",
                    "mp4": "\(base)/media/clip.mp4", "mp4_size": "512",
                ]
            }
            object =
                [
                    "data": indices.map { index in
                        [
                            "type": "gif", "id": "\(term)-\(index)", "title": "\(term) \(index)",
                            "url": "https://giphy.example/gifs/\(term)-\(index)", "rating": query["rating"] ?? "",
                            "import_datetime": "2022-06-02 16:55:14",
                            "images": [
                                "original": rendition(480, 270), "fixed_width": rendition(200, 113),
                                "original_still": ["url": "\(base)/media/clip.gif", "width": "480", "height": "270"],
                            ],
                        ] as [String: Any]
                    },
                    "pagination": ["total_count": total, "count": indices.count, "offset": start],
                    "meta": ["status": 200, "msg": "OK"],
                ] as [String: Any]
        case "tenor-categories":
            object = [
                "tags": ["happy", "sad", "excited"].map {
                    [
                        "searchterm": $0, "path": "/v2/search?q=\($0)", "image": "\(base)/media/clip.gif",
                        "name": "#\($0)",
                    ]
                }
            ]
        case "giphy-categories":
            object = [
                "data": ["actions", "animals"].map {
                    [
                        "name": $0, "name_encoded": $0,
                        "gif": ["images": ["original": ["url": "\(base)/media/clip.gif"]]],
                    ]
                        as [String: Any]
                }
            ]
        case "tenor-terms":
            object = ["results": (0..<min(limit, 5)).map { "\(term) \($0)" }]
        default:
            object = ["data": (0..<min(limit, 5)).map { ["name": "\(term) \($0)"] }]
        }
        return Array((try? JSONSerialization.data(withJSONObject: object)) ?? Data())
    }
}
