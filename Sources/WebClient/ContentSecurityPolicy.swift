/// The policy every page of the client is served with: scripts, styles and workers only from this origin, no
/// inline code and no `eval`; pictures from this origin (remote ones come through the link proxy), `data:` and
/// `blob:` (ThumbHash placeholders and upload previews); sockets to this origin; frames only for the video players
/// that link embeds open.
enum ContentSecurityPolicy {
    static let header = [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "media-src 'self' blob:",
        "connect-src 'self' ws: wss:",
        "font-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "frame-src https://www.youtube-nocookie.com https://player.twitch.tv https://clips.twitch.tv https://open.spotify.com",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ].joined(separator: "; ")
}
