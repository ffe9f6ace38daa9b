import Foundation

/// Host names to their ASCII (IDNA) form: non-ASCII labels become `xn--` Punycode (RFC 3492) after lower-casing and
/// NFC normalisation. Anything else that is not a letter, digit or hyphen is refused, so `evil.com\u{2025}x`-style
/// spellings never reach the resolver.
enum IDNA {
    static func toASCII(_ host: String) -> String? {
        var labels: [String] = []
        for label in host.split(separator: ".", omittingEmptySubsequences: false) {
            guard !label.isEmpty else { return nil }
            let normalised = String(label).precomposedStringWithCanonicalMapping.lowercased()
            if normalised.unicodeScalars.allSatisfy(\.isASCII) {
                labels.append(normalised)
            } else {
                guard let encoded = Punycode.encode(normalised) else { return nil }
                labels.append("xn--" + encoded)
            }
        }
        for label in labels {
            guard label.count <= 63,
                label.unicodeScalars.allSatisfy(isHostCharacter)
            else { return nil }
        }
        let ascii = labels.joined(separator: ".")
        return ascii.count <= 253 ? ascii : nil
    }

    private static func isHostCharacter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_"
    }
}

/// RFC 3492 Punycode encoding of one label.
enum Punycode {
    static func encode(_ label: String) -> String? {
        let base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700
        let input = label.unicodeScalars.map { Int($0.value) }
        var output = input.filter { $0 < 0x80 }.map { Character(Unicode.Scalar(UInt8($0))) }
        let basicCount = output.count
        var handled = basicCount
        if basicCount > 0 { output.append("-") }
        var n = 0x80, delta = 0, bias = 72

        func digit(_ value: Int) -> Character {
            Character(Unicode.Scalar(UInt8(value < 26 ? value + 97 : value + 22)))
        }
        func adapt(_ delta: Int, _ points: Int, _ first: Bool) -> Int {
            var delta = first ? delta / damp : delta / 2
            delta += delta / points
            var k = 0
            while delta > ((base - tMin) * tMax) / 2 {
                delta /= base - tMin
                k += base
            }
            return k + (base - tMin + 1) * delta / (delta + skew)
        }

        while handled < input.count {
            guard let next = input.filter({ $0 >= n }).min() else { return nil }
            let (product, overflow) = (next - n).multipliedReportingOverflow(by: handled + 1)
            guard !overflow else { return nil }
            delta += product
            n = next
            for code in input {
                if code < n { delta += 1 }
                if code == n {
                    var q = delta
                    var k = base
                    while true {
                        let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                        if q < t { break }
                        output.append(digit(t + (q - t) % (base - t)))
                        q = (q - t) / (base - t)
                        k += base
                    }
                    output.append(digit(q))
                    bias = adapt(delta, handled + 1, handled == basicCount)
                    delta = 0
                    handled += 1
                }
            }
            delta += 1
            n += 1
        }
        return String(output)
    }
}
