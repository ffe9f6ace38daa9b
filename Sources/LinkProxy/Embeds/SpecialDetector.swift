import Foundation

/// Recognises the sites clients embed a player for, from the page's final URL (and, for Bandcamp, the player URL
/// the page names in its metadata).
public enum SpecialDetector {
    public static func detect(url text: String, page: PageMetadata = PageMetadata()) -> Special {
        guard let components = URLComponents(string: text), let rawHost = components.host?.lowercased() else {
            return .none
        }
        let host = rawHost.hasPrefix("www.") ? String(rawHost.dropFirst(4)) : rawHost
        let path = components.path.split(separator: "/").map(String.init)
        let query = Dictionary(
            (components.queryItems ?? []).compactMap { item in item.value.map { (item.name, $0) } },
            uniquingKeysWith: { first, _ in first }
        )
        func isID(_ text: String) -> Bool {
            !text.isEmpty && text.count <= 64
                && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        }

        switch host {
        case "youtube.com", "m.youtube.com", "music.youtube.com", "youtube-nocookie.com":
            if path.first == "watch", let id = query["v"], isID(id) { return .youTube(id: id, timestamp: query["t"]) }
            if path.count >= 2, ["shorts", "embed", "live", "v"].contains(path[0]), isID(path[1]) {
                return .youTube(id: path[1], timestamp: query["t"])
            }
        case "youtu.be":
            if let id = path.first, isID(id) { return .youTube(id: id, timestamp: query["t"]) }
        case "twitch.tv", "m.twitch.tv":
            if path.count >= 2, path[0] == "videos", isID(path[1]) { return .twitch(contentType: "Video", id: path[1]) }
            if path.count >= 3, path[1] == "clip", isID(path[2]) { return .twitch(contentType: "Clip", id: path[2]) }
            if path.count == 1, isID(path[0]) { return .twitch(contentType: "Channel", id: path[0]) }
        case "clips.twitch.tv":
            if let id = path.first, isID(id) { return .twitch(contentType: "Clip", id: id) }
        case "lightspeed.tv":
            if path.count == 1, isID(path[0]) { return .lightspeed(contentType: "Channel", id: path[0]) }
        case "open.spotify.com":
            let rest = path.first?.hasPrefix("intl-") == true ? Array(path.dropFirst()) : path
            if rest.count >= 2, ["track", "album", "playlist", "artist", "episode", "show"].contains(rest[0]),
                isID(rest[1])
            {
                return .spotify(contentType: rest[0], id: rest[1])
            }
        case "soundcloud.com", "m.soundcloud.com", "on.soundcloud.com":
            if !path.isEmpty { return .soundcloud }
        case "music.apple.com":
            if path.count >= 4, path[1] == "album", isID(path[3]) {
                return .appleMusic(albumID: path[3], trackID: query["i"].flatMap { isID($0) ? $0 : nil })
            }
        case "streamable.com":
            if path.count == 1, isID(path[0]) { return .streamable(id: path[0]) }
        case "giphy.com", "media.giphy.com", "tenor.com", "media.tenor.com", "klipy.com":
            if !path.isEmpty { return .gif }
        default:
            if host.hasSuffix(".bandcamp.com"), path.count >= 2, ["album", "track"].contains(path[0]) {
                return bandcamp(page)
            }
        }
        return .none
    }

    /// Bandcamp pages name their player (`og:video`, `twitter:player`) as `…/EmbeddedPlayer/v=2/album=123/…`.
    private static func bandcamp(_ page: PageMetadata) -> Special {
        guard let player = page.first("og:video", "og:video:url", "og:video:secure_url", "twitter:player") else {
            return .none
        }
        for segment in player.split(whereSeparator: { $0 == "/" || $0 == "?" || $0 == "&" }) {
            for (prefix, kind) in [("album=", "Album"), ("track=", "Track")] where segment.hasPrefix(prefix) {
                let id = segment.dropFirst(prefix.count)
                if !id.isEmpty, id.allSatisfy(\.isNumber) { return .bandcamp(contentType: kind, id: String(id)) }
            }
        }
        return .none
    }
}
