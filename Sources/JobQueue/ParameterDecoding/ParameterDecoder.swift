import Foundation

/// Decodes job parameters from their JSON without Foundation's `JSONDecoder`, whose fixed cost per call was over a
/// quarter of a worker's CPU on no-op jobs. It takes the plain shapes parameters have — objects, arrays, strings,
/// integers, doubles, booleans, null — and refuses everything else (`Data`, `Date`, `URL`, `Decimal`, `Float`,
/// super decoders, duplicate keys, malformed text); a refusal falls back to `JSONDecoder`, which stays the authority:
/// whatever this decoder accepts, it decodes as `JSONDecoder` would.
enum ParameterDecoder {
    static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], fallback: JSONDecoder) throws -> T {
        if let json = try? ParsedJSON.parse(bytes), let value = try? json.decoded(as: T.self, codingPath: []) {
            return value
        }
        return try fallback.decode(T.self, from: Data(bytes))
    }

    /// Why a value was not decoded here (the caller falls back; nothing sees this error).
    struct Refused: Error {}
}

extension ParsedJSON {
    /// This value as `T`: primitives read directly, anything else through its `init(from:)`.
    func decoded<T: Decodable>(as type: T.Type, codingPath: [any CodingKey]) throws -> T {
        switch type {
        case is String.Type:
            guard case .string(let string) = self else { throw ParameterDecoder.Refused() }
            return string as! T
        case is Bool.Type:
            guard case .bool(let bool) = self else { throw ParameterDecoder.Refused() }
            return bool as! T
        case is Double.Type:
            guard case .number(let text) = self, let double = Double(text), double.isFinite else {
                throw ParameterDecoder.Refused()
            }
            return double as! T
        case let integer as any FixedWidthInteger.Type where Self.decodesDirectly(integer):
            return try self.integer(integer) as! T
        case is Float.Type, is Data.Type, is Date.Type, is URL.Type, is Decimal.Type:
            // JSONDecoder reads these its own way (base64, dates, URL strings, exact decimals): left to it.
            throw ParameterDecoder.Refused()
        default:
            return try T(from: TreeDecoder(json: self, codingPath: codingPath))
        }
    }

    static func decodesDirectly(_ type: any FixedWidthInteger.Type) -> Bool {
        type == Int.self || type == Int8.self || type == Int16.self || type == Int32.self || type == Int64.self
            || type == UInt.self || type == UInt8.self || type == UInt16.self || type == UInt32.self
            || type == UInt64.self
    }

    /// An integer written without a fraction or exponent that fits `I`.
    func integer<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
        guard case .number(let text) = self,
            text.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) }),
            let value = I(text, radix: 10)
        else { throw ParameterDecoder.Refused() }
        return value
    }
}

/// The `Decoder` over one parsed value.
struct TreeDecoder: Decoder {
    let json: ParsedJSON
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let fields) = json else { throw ParameterDecoder.Refused() }
        return KeyedDecodingContainer(try TreeKeyedContainer<Key>(fields: fields, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = json else { throw ParameterDecoder.Refused() }
        return TreeUnkeyedContainer(elements: elements, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        TreeSingleValueContainer(json: json, codingPath: codingPath)
    }
}
