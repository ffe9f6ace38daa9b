import Foundation
import Testing

@testable import JobQueue

/// The parameter decoder takes the shapes job parameters have and decodes them exactly as `JSONDecoder` does;
/// whatever it refuses, `JSONDecoder` decides.
@Suite struct ParameterDecoderTests {
    enum Route: String, Codable { case search, trending }
    enum Step: Codable, Equatable {
        case resize(width: Int, height: Int)
        case skip
    }
    struct Inner: Codable { var name: String; var sizes: [Int]; var ratio: Double }
    struct Shapes: Codable {
        var text: String
        var count: Int
        var small: Int8
        var big: UInt64
        var negative: Int64
        var flag: Bool
        var missing: String?
        var present: Int?
        var route: Route
        var step: Step
        var steps: [Step]
        var inner: Inner
        var nested: [[Inner]]
        var table: [String: Int]
        var ratio: Double
    }

    let sample = Shapes(
        text: "quote \" backslash \\ slash / controls \u{8}\u{C}\n\r\t é 😀 \u{1}", count: -42, small: -128,
        big: UInt64.max, negative: Int64.min, flag: true, missing: nil, present: 7, route: .trending,
        step: .resize(width: 512, height: 384), steps: [.skip, .resize(width: 1, height: 2)],
        inner: Inner(name: "n", sizes: [1, 2, 3], ratio: 0.1),
        nested: [[], [Inner(name: "", sizes: [], ratio: -1.5e-7)]], table: ["a": 1, "b": 2],
        ratio: 1.7976931348623157e308)

    /// Encodes `value` sorted, for comparing what two decoders made of the same bytes.
    func canonical<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test func parameterShapesDecodeWithoutFallingBackAndAsJSONDecoderDoes() throws {
        let bytes = Array(try JSONEncoder().encode(sample))
        let fast = try ParsedJSON.parse(bytes).decoded(as: Shapes.self, codingPath: [])
        let foundation = try JSONDecoder().decode(Shapes.self, from: Data(bytes))
        #expect(try canonical(fast) == canonical(foundation))
        #expect(fast.text == sample.text && fast.big == UInt64.max && fast.step == sample.step)
        #expect(fast.missing == nil && fast.present == 7)
        // Whitespace between tokens and JSON's own escapes (\u, surrogate pairs) as another writer would send them.
        let spaced = Array(
            #" { "flag" : false , "text" : "\u00e9\ud83d\ude00\/" , "route" : "search" } "#.utf8)
        struct Few: Codable { var flag: Bool; var text: String; var route: Route }
        let few = try ParsedJSON.parse(spaced).decoded(as: Few.self, codingPath: [])
        #expect(few.text == "é😀/" && !few.flag && few.route == .search)
    }

    @Test func whatJSONDecoderReadsItsOwnWayIsLeftToIt() throws {
        struct Special: Codable { var data: Data; var date: Date; var url: URL; var amount: Decimal; var single: Float }
        let special = Special(
            data: Data([0, 1, 2, 255]), date: Date(timeIntervalSince1970: 1_700_000_000.25),
            url: URL(string: "https://example.com/a?b=c")!, amount: Decimal(string: "12.34")!, single: 0.1)
        let bytes = Array(try JSONEncoder().encode(special))
        #expect(throws: (any Error).self) { try ParsedJSON.parse(bytes).decoded(as: Special.self, codingPath: []) }
        let decoded = try ParameterDecoder.decode(Special.self, from: bytes, fallback: JSONDecoder())
        #expect(try canonical(decoded) == canonical(special))
    }

    @Test func refusalsFallBackToJSONDecodersVerdict() throws {
        struct Number: Codable { var value: Int }
        struct Tiny: Codable { var value: Int8 }
        // Each is refused by the fast path; the answer (a value or an error) is JSONDecoder's.
        for text in [
            #"{"value":1.0}"#, #"{"value":1e2}"#, #"{"value":"1"}"#, #"{"value":1,"value":2}"#, #"{"value":1,}"#,
            #"{"value":1} x"#, #"{"value":01}"#,
        ] {
            let bytes = Array(text.utf8)
            #expect(throws: (any Error).self) { try ParsedJSON.parse(bytes).decoded(as: Number.self, codingPath: []) }
            let ours = Result { try ParameterDecoder.decode(Number.self, from: bytes, fallback: JSONDecoder()) }
            let theirs = Result { try JSONDecoder().decode(Number.self, from: Data(bytes)) }
            #expect((try? ours.get())?.value == (try? theirs.get())?.value, "\(text)")
        }
        #expect(throws: (any Error).self) {
            try ParameterDecoder.decode(Tiny.self, from: Array(#"{"value":128}"#.utf8), fallback: JSONDecoder())
        }
    }

    @Test func malformedTextIsRefused() {
        for text in [
            "", "{", #"{"a":}"#, #"{"a" 1}"#, #"["a",]"#, "[1 2]", "tru", "nul", "-", "1.", "1e", ".5", "+1",
            "\"\u{1}\"", #""\x""#, #""\u12""#, #""\ud800""#, #""\ud800\u0041""#, #""\udc00""#, "\"open",
            String(repeating: "[", count: 65) + String(repeating: "]", count: 65),
        ] {
            #expect(throws: ParsedJSON.Malformed.self, "\(text)") { try ParsedJSON.parse(Array(text.utf8)) }
        }
        #expect(throws: ParsedJSON.Malformed.self) { try ParsedJSON.parse([0x22, 0xFF, 0xFE, 0x22]) }
        let deepest = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect((try? ParsedJSON.parse(Array(deepest.utf8))) != nil)
    }
}
