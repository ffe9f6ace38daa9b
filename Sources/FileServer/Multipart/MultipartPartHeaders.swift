import Foundation

/// The header fields of one part, and what its `Content-Disposition` says (RFC 7578, RFC 6266, RFC 5987).
public struct MultipartPartHeaders: Equatable, Sendable {
    /// Fields in order, names lower-cased.
    public var fields: [(name: String, value: String)]

    public init(fields: [(name: String, value: String)]) {
        self.fields = fields
    }

    init(parsing text: String) throws(MultipartError) {
        var fields: [(name: String, value: String)] = []
        for line in text.split(separator: "\r\n", omittingEmptySubsequences: true) {
            guard let colon = line.firstIndex(of: ":") else { throw .malformed("a part header line has no colon") }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            guard !name.isEmpty else { throw .malformed("a part header has no name") }
            fields.append((name, line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        self.fields = fields
    }

    public static func == (left: MultipartPartHeaders, right: MultipartPartHeaders) -> Bool {
        left.fields.map(\.name) == right.fields.map(\.name) && left.fields.map(\.value) == right.fields.map(\.value)
    }

    public subscript(name: String) -> String? {
        fields.first { $0.name == name.lowercased() }?.value
    }

    /// The form field name (`name=`).
    public var name: String? { dispositionParameters["name"] }

    /// The client's file name: `filename*` (RFC 5987, UTF-8) when given, else `filename`.
    public var filename: String? {
        let parameters = dispositionParameters
        if let extended = parameters["filename*"], let decoded = Self.decodeExtendedValue(extended) { return decoded }
        return parameters["filename"]
    }

    public var contentType: String? { self["content-type"] }

    private var dispositionParameters: [String: String] {
        guard let disposition = self["content-disposition"] else { return [:] }
        var parameters: [String: String] = [:]
        var rest = Substring(disposition)
        // Skip the disposition type (form-data).
        guard let semicolon = rest.firstIndex(of: ";") else { return [:] }
        rest = rest[rest.index(after: semicolon)...]
        while !rest.isEmpty {
            rest = rest.drop(while: { $0 == " " || $0 == "\t" || $0 == ";" })
            guard let equals = rest.firstIndex(of: "=") else { break }
            let key = rest[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            rest = rest[rest.index(after: equals)...].drop(while: { $0 == " " })
            var value = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                while let character = rest.first, character != "\"" {
                    rest = rest.dropFirst()
                    if character == "\\", let escaped = rest.first {
                        value.append(escaped)
                        rest = rest.dropFirst()
                    } else {
                        value.append(character)
                    }
                }
                rest = rest.dropFirst()
            } else {
                let end = rest.firstIndex(of: ";") ?? rest.endIndex
                value = rest[..<end].trimmingCharacters(in: .whitespaces)
                rest = rest[end...]
            }
            if parameters[key] == nil { parameters[key] = value }
        }
        return parameters
    }

    /// `UTF-8''na%C3%AFve.png` → `naïve.png`.
    static func decodeExtendedValue(_ value: String) -> String? {
        let parts = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].lowercased() == "utf-8" else { return nil }
        var bytes: [UInt8] = []
        var index = parts[2].utf8.startIndex
        let utf8 = parts[2].utf8
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "%") {
                let high = utf8.index(after: index)
                guard high < utf8.endIndex, utf8.index(after: high) < utf8.endIndex,
                    let value = UInt8(
                        String(decoding: [utf8[high], utf8[utf8.index(after: high)]], as: UTF8.self), radix: 16)
                else { return nil }
                bytes.append(value)
                index = utf8.index(high, offsetBy: 2)
            } else {
                bytes.append(byte)
                index = utf8.index(after: index)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
