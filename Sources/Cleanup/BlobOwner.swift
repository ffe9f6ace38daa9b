/// Who a blob key belongs to, by the key schemes of the writers: uploads store originals under random keys at the
/// top level, the media jobs write `variants/<hash>/<name>`, the link proxy caches under `proxy/`.
enum BlobOwner: Equatable {
    case original
    case variant(hash: String)
    case proxyMedia

    init(key: String) {
        if key.hasPrefix("proxy/") {
            self = .proxyMedia
        } else if key.hasPrefix("variants/") {
            let rest = key.dropFirst("variants/".count)
            self = .variant(hash: String(rest.prefix { $0 != "/" }))
        } else {
            self = .original
        }
    }
}
