/// What the API reads out of message text.
enum ContentParsing {
    /// User ids mentioned as `<@ULID>`, in order of first appearance, each once.
    static func mentions(in content: String) -> [String] {
        var found: [String] = []
        var rest = content[...]
        while let start = rest.range(of: "<@") {
            let after = rest[start.upperBound...]
            guard let end = after.firstIndex(of: ">") else { break }
            let id = after[..<end]
            if ULID.isValid(id), !found.contains(String(id)) { found.append(String(id)) }
            rest = after[after.index(after: end)...]
        }
        return found
    }
}
