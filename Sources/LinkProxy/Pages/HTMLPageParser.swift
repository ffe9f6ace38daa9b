import CHTMLShim
import Foundation

/// Reads a page's metadata with libxml2's HTML parser, which recovers from broken markup the way browsers do
/// (unclosed tags, stray `</head>`, attributes without quotes), in the encoding `CharsetSniffer` chose. Blocks
/// while parsing: run it on a thread pool.
public enum HTMLPageParser {
    /// Elements visited at most: a page is truncated at the body limit, and this bounds the walk of what is left.
    static let maximumElements: Int32 = 200_000

    public static func parse(_ bytes: [UInt8], headerCharset: String? = nil) -> PageMetadata {
        var page = PageMetadata()
        guard !bytes.isEmpty else { return page }
        let sniffed = CharsetSniffer.encoding(of: bytes, headerCharset: headerCharset)
        let encoding = dcn_html_encoding_known(sniffed) == 1 ? sniffed : "UTF-8"
        withUnsafeMutablePointer(to: &page) { pagePointer in
            bytes.withUnsafeBufferPointer { buffer in
                buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                    _ = dcn_html_scan(pointer, buffer.count, encoding, maximumElements, visit, pagePointer)
                }
            }
        }
        return page
    }

    private static let visit: dcn_html_visitor = { context, element, attributes, text in
        guard let context, let element, let attributes else { return }
        let page = context.assumingMemoryBound(to: PageMetadata.self)
        var values: [String: String] = [:]
        var index = 0
        while let name = attributes[index], let value = attributes[index + 1] {
            let key = String(cString: name).lowercased()
            if values[key] == nil { values[key] = String(decoding: bytes(value), as: UTF8.self) }
            index += 2
        }
        page.pointee.read(
            element: String(cString: element).lowercased(), attributes: values,
            text: text.map { String(decoding: bytes($0), as: UTF8.self) }
        )
    }

    private static func bytes(_ text: UnsafePointer<CChar>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: text, count: strlen(text))
    }
}

extension PageMetadata {
    mutating func read(element: String, attributes: [String: String], text: String?) {
        switch element {
        case "meta":
            guard let content = attributes["content"] else { return }
            for keyAttribute in ["property", "name", "itemprop"] {
                if let key = attributes[keyAttribute]?.lowercased(), !key.isEmpty, meta[key] == nil {
                    meta[key] = content.trimmingWhitespace()
                }
            }
        case "title":
            if title == nil, let text = text?.trimmingWhitespace(), !text.isEmpty { title = text }
        case "link":
            guard let href = attributes["href"], let rel = attributes["rel"] else { return }
            links.append(
                Link(
                    rel: rel.lowercased().split(whereSeparator: \.isWhitespace).map(String.init),
                    href: href.trimmingWhitespace(), type: attributes["type"]?.lowercased(),
                    sizes: attributes["sizes"]
                )
            )
        case "base":
            if baseHref == nil { baseHref = attributes["href"]?.trimmingWhitespace() }
        default:
            break
        }
    }
}

extension String {
    /// Without leading and trailing white space, and with runs of white space inside made one space.
    func trimmingWhitespace() -> String {
        split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
