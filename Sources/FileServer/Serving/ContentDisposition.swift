/// `Content-Disposition` values (RFC 6266) that every browser reads right: an ASCII `filename` fallback and the
/// real name in `filename*` (RFC 5987, UTF-8, percent-encoded).
public enum ContentDisposition {
    public static func attachment(filename: String) -> String { value("attachment", filename) }

    public static func inline(filename: String) -> String { value("inline", filename) }

    static func value(_ type: String, _ filename: String) -> String {
        let fallback = String(
            filename.unicodeScalars.map { scalar -> Character in
                scalar.isASCII && scalar.value >= 0x20 && scalar != "\"" && scalar != "\\" && scalar != "%"
                    ? Character(scalar) : "_"
            }
        )
        guard fallback != filename else { return "\(type); filename=\"\(filename)\"" }
        return "\(type); filename=\"\(fallback)\"; filename*=UTF-8''\(percentEncoded(filename))"
    }

    /// RFC 5987 `attr-char`s stay; everything else is percent-encoded as UTF-8.
    static func percentEncoded(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            let plain =
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || Array("!#$&+-.^_`|~".utf8).contains(byte)
            if plain {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return result
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
