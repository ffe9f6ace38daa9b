/// The links of a message that get embeds, as Revolt picks them: code blocks (fenced and inline), `<…>`-wrapped
/// links and `>` quote lines are skipped; fragments are dropped; each URL once; at most `limit`.
enum LinkExtraction {
    static func urls(in content: String, limit: Int = 5) -> [String] {
        var found: [String] = []
        var inFence = false
        for line in content.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " }
            if trimmed.hasPrefix("```") {
                inFence.toggle()
                continue
            }
            if inFence || trimmed.hasPrefix(">") { continue }
            for url in urls(inLine: withoutInlineCode(String(line))) where !found.contains(url) {
                found.append(url)
                if found.count == limit { return found }
            }
        }
        return found
    }

    /// The line with `` `…` `` spans removed.
    static func withoutInlineCode(_ line: String) -> String {
        var result = ""
        var inCode = false
        for character in line {
            if character == "`" {
                inCode.toggle()
            } else if !inCode {
                result.append(character)
            }
        }
        return result
    }

    static func urls(inLine line: String) -> [String] {
        var urls: [String] = []
        var rest = line[...]
        while let start = rest.range(of: "http", options: .caseInsensitive) {
            let candidate = rest[start.lowerBound...]
            let lower = candidate.lowercased()
            guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else {
                rest = rest[start.upperBound...]
                continue
            }
            let end = candidate.firstIndex { $0.isWhitespace || "<>\"".contains($0) } ?? candidate.endIndex
            var url = String(candidate[..<end])
            let wrapped = start.lowerBound > line.startIndex && line[line.index(before: start.lowerBound)] == "<"
            rest = candidate[end...]
            // Trailing punctuation belongs to the sentence, not the link.
            while let last = url.last, ".,;:!?)]'".contains(last) { url.removeLast() }
            if let hash = url.firstIndex(of: "#") { url = String(url[..<hash]) }
            if wrapped || url.count <= "https://".count { continue }
            urls.append(url)
        }
        return urls
    }
}
