import Foundation
import Synchronization

/// The client's files, read once when the process starts and kept compressed in memory.
///
/// Everything under `app/` is served at `/assets/<version>/…`, where the version is a digest of those files: the
/// URLs change whenever a file does, so they are cached for a year, and the ES modules' relative imports resolve
/// inside the same version. The files at the top (`index.html`, `sw.js`, the manifest and the icon) keep their
/// names, are revalidated on every use, and are templates that learn the version and the configuration.
struct WebAssetCatalog: Sendable {
    let version: String
    let versioned: [String: WebAsset]
    let topLevel: [String: WebAsset]

    enum LoadError: Error, CustomStringConvertible {
        case missing(String)
        case unreadable(String)

        var description: String {
            switch self {
            case .missing(let path): "the web client's files are missing: \(path)"
            case .unreadable(let path): "cannot read \(path)"
            }
        }
    }

    /// The files under `root` (its `index.html` and `app/`), with the templates filled in from `settings`.
    init(root: URL, settings: WebClientSettings) throws {
        let appDirectory = root.appendingPathComponent("app")
        let appFiles = try Self.files(under: appDirectory)
        guard !appFiles.isEmpty else { throw LoadError.missing(appDirectory.path) }
        var fingerprint: [UInt8] = []
        for (path, bytes) in appFiles {
            fingerprint += Array(path.utf8) + [0] + Array(WebAsset.digest(of: bytes).utf8)
        }
        let version = WebAsset.digest(of: fingerprint)
        self.version = version
        versioned = appFiles.reduce(into: [:]) { assets, file in
            assets[file.path] = WebAsset(bytes: file.bytes, contentType: WebAsset.contentType(forPath: file.path))
        }

        let assetsBase = "/assets/\(version)"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        let config = try encoder.encode(
            ClientBootstrap(name: settings.name, version: version, assets: assetsBase, endpoints: settings.endpoints))
        // What the service worker keeps: the code, styles and pictures, not the licence texts beside them.
        let shell =
            ["/"]
            + appFiles.map(\.path).filter { path in [".js", ".css", ".svg"].contains(where: path.hasSuffix) }
            .map { "\(assetsBase)/\($0)" }
        // Every module is announced up front, so the browser fetches them in parallel instead of discovering each
        // level of imports after parsing the one above.
        let preloads = appFiles.map(\.path).filter { $0.hasSuffix(".js") }
            .map { #"<link rel="modulepreload" href="\#(assetsBase)/\#($0)" />"# }.joined(separator: "\n  ")
        let replacements = [
            "{{preloads}}": preloads,
            "{{assets}}": assetsBase,
            "{{version}}": version,
            "{{name}}": Self.escapeHTML(settings.name),
            "{{config}}": Self.escapeHTML(String(decoding: config, as: UTF8.self)),
            "{{shell}}": String(decoding: try encoder.encode(shell), as: UTF8.self),
        ]
        var topLevel: [String: WebAsset] = [:]
        for name in ["index.html", "sw.js", "manifest.webmanifest", "icon.svg"] {
            let url = root.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: url.path) else { throw LoadError.missing(url.path) }
            var text = String(decoding: data, as: UTF8.self)
            for (placeholder, value) in replacements { text = text.replacingOccurrences(of: placeholder, with: value) }
            topLevel[name] = WebAsset(bytes: Array(text.utf8), contentType: WebAsset.contentType(forPath: name))
        }
        self.topLevel = topLevel
    }

    /// The catalog of `root` for `settings`, read and compressed once per process: Brotli at its best quality takes
    /// a noticeable moment, and a process (a test run above all) may build the application many times.
    static func loaded(root: URL, settings: WebClientSettings) throws -> WebAssetCatalog {
        let key = [
            root.path, settings.name, settings.endpoints.api, settings.endpoints.autumn,
            settings.endpoints.january, settings.endpoints.gifbox, settings.endpoints.ws,
        ].joined(separator: "\n")
        if let cached = loadedCatalogs.withLock({ $0[key] }) { return cached }
        let catalog = try WebAssetCatalog(root: root, settings: settings)
        loadedCatalogs.withLock { $0[key] = catalog }
        return catalog
    }

    /// What `index.html` hands the client in a `<meta>` (the CSP forbids inline scripts).
    private struct ClientBootstrap: Encodable {
        var name: String
        var version: String
        var assets: String
        var endpoints: WebClientSettings.Endpoints
    }

    /// Every regular file under `directory`, by its path relative to it, sorted so the version is stable.
    private static func files(under directory: URL) throws -> [(path: String, bytes: [UInt8])] {
        guard let walker = FileManager.default.enumerator(atPath: directory.path) else {
            throw LoadError.missing(directory.path)
        }
        var found: [(path: String, bytes: [UInt8])] = []
        while let relative = walker.nextObject() as? String {
            let full = directory.appendingPathComponent(relative).path
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue,
                !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }),
                // Only lets `node --test` load the modules; the browser never asks for it.
                relative != "package.json"
            else { continue }
            guard let data = FileManager.default.contents(atPath: full) else { throw LoadError.unreadable(full) }
            found.append((relative, Array(data)))
        }
        return found.sorted { $0.path < $1.path }
    }

    private static func escapeHTML(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }
}

private let loadedCatalogs = Mutex<[String: WebAssetCatalog]>([:])
