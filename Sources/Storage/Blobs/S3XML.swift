/// Just enough XML reading for S3's answers (ListObjectsV2, multipart uploads, errors), which are flat documents
/// of known elements without attributes that matter.
enum S3XML {
    /// The text of every `<tag>…</tag>` in `document`, in order, with entities decoded.
    static func values(_ tag: String, in document: Substring) -> [String] {
        elements(tag, in: document).map { decodeEntities(String($0)) }
    }

    static func value(_ tag: String, in document: Substring) -> String? {
        values(tag, in: document).first
    }

    /// The raw inner text of every `<tag>…</tag>` (for nested blocks such as `<Contents>`).
    static func elements(_ tag: String, in document: Substring) -> [Substring] {
        var found: [Substring] = []
        var rest = document
        while let open = rest.range(of: "<\(tag)>") {
            guard let close = rest[open.upperBound...].range(of: "</\(tag)>") else { break }
            found.append(rest[open.upperBound..<close.lowerBound])
            rest = rest[close.upperBound...]
        }
        return found
    }

    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var rest = Substring(text)
        while let ampersand = rest.firstIndex(of: "&") {
            result += rest[..<ampersand]
            guard let semicolon = rest[ampersand...].firstIndex(of: ";") else { break }
            let entity = rest[rest.index(after: ampersand)..<semicolon]
            switch entity {
            case "amp": result += "&"
            case "lt": result += "<"
            case "gt": result += ">"
            case "quot": result += "\""
            case "apos": result += "'"
            default:
                let number =
                    entity.hasPrefix("#x")
                    ? UInt32(entity.dropFirst(2), radix: 16) : UInt32(entity.dropFirst(), radix: 10)
                if entity.hasPrefix("#"), let number, let scalar = Unicode.Scalar(number) {
                    result.unicodeScalars.append(scalar)
                } else {
                    result += "&\(entity);"
                }
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        return result + rest
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
