import Foundation
import HTTPTypes
import Hummingbird

/// Serves the browser client at `/`: `index.html` for every address the client routes itself (so a shared link or
/// a reload lands on the same screen), its modules under `/assets/<version>/`, the service worker and the install
/// manifest.
public struct WebClientController: Sendable {
    /// The client's own addresses, Revolt's paths; each answers `index.html` and the client shows the screen.
    static let clientPaths = [
        "/", "login", "login/**", "onboarding", "home", "settings", "settings/**", "server/**", "channel/**",
        "invite/**",
    ]

    private let catalog: WebAssetCatalog

    /// Reads the client from `settings.root`, or from the copy built into the binary.
    public init(settings: WebClientSettings) throws {
        let root: URL
        if let directory = settings.root {
            root = URL(fileURLWithPath: directory)
        } else if let bundled = Bundle.module.url(forResource: "Public", withExtension: nil) {
            root = bundled
        } else {
            throw WebAssetCatalog.LoadError.missing("the Public resources of the WebClient module")
        }
        catalog = try WebAssetCatalog.loaded(root: root, settings: settings)
    }

    /// The digest the asset URLs carry.
    public var version: String { catalog.version }

    public func addRoutes<Context: RequestContext>(to router: some RouterMethods<Context>) {
        let index = catalog.topLevel["index.html"]!
        for path in Self.clientPaths {
            router.get(RouterPath(path)) { request, _ in
                respond(request, with: index, cache: "no-cache", isDocument: true)
            }
        }
        for (name, asset) in catalog.topLevel where name != "index.html" {
            router.get(RouterPath(name)) { request, _ in
                var response = respond(request, with: asset, cache: "no-cache", isDocument: false)
                if name == "sw.js" { response.headers[HTTPField.Name("Service-Worker-Allowed")!] = "/" }
                return response
            }
        }
        router.get("assets/:version/**") { request, context in
            let path = context.parameters.getCatchAll().joined(separator: "/")
            guard let asset = catalog.versioned[path] else { throw HTTPError(.notFound) }
            // A page from before a deploy asks for the old version: it gets today's file, revalidated next time.
            let current = context.parameters.get("version") == catalog.version
            return respond(
                request, with: asset, cache: current ? "public, max-age=31536000, immutable" : "no-cache",
                isDocument: false)
        }
    }

    private func respond(_ request: Request, with asset: WebAsset, cache: String, isDocument: Bool) -> Response {
        var headers: HTTPFields = [
            .contentType: asset.contentType,
            .cacheControl: cache,
            .eTag: asset.etag,
            .vary: "Accept-Encoding",
            .xContentTypeOptions: "nosniff",
        ]
        if isDocument {
            headers[.contentSecurityPolicy] = ContentSecurityPolicy.header
            headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
            headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        }
        if let validators = request.headers[.ifNoneMatch],
            validators.split(separator: ",").contains(where: {
                $0.trimmingCharacters(in: .whitespaces) == asset.etag || $0.trimmingCharacters(in: .whitespaces) == "*"
            })
        {
            return Response(status: .notModified, headers: headers)
        }
        let (bytes, encoding) = asset.body(forAcceptEncoding: request.headers[.acceptEncoding])
        if let encoding { headers[.contentEncoding] = encoding }
        headers[.contentLength] = String(bytes.count)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
