/// `ParameterDecoder`'s containers: each primitive overload goes through `ParsedJSON.decoded(as:codingPath:)`.
struct TreeKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let fields: [(key: String, value: ParsedJSON)]
    let codingPath: [any CodingKey]

    init(fields: [(key: String, value: ParsedJSON)], codingPath: [any CodingKey]) throws {
        // Which of two equal keys JSONDecoder keeps is its business: such objects are left to it. Parameters have a
        // few fields, compared pairwise without allocating; a set only for larger objects.
        if fields.count > 16 {
            var seen = Set<String>(minimumCapacity: fields.count)
            for field in fields where !seen.insert(field.key).inserted { throw ParameterDecoder.Refused() }
        } else {
            for later in fields.indices.dropFirst() {
                for earlier in fields.indices[..<later] where fields[earlier].key == fields[later].key {
                    throw ParameterDecoder.Refused()
                }
            }
        }
        self.fields = fields
        self.codingPath = codingPath
    }

    var allKeys: [Key] { fields.compactMap { Key(stringValue: $0.key) } }

    func contains(_ key: Key) -> Bool { fields.contains { $0.key == key.stringValue } }

    func value(_ key: Key) throws -> ParsedJSON {
        guard let field = fields.first(where: { $0.key == key.stringValue }) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "no such key"))
        }
        return field.value
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        if case .null = try value(key) { return true }
        return false
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try value(key).decoded(as: type, codingPath: codingPath + [key])
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decode(type, key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decode(type, key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decode(type, key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decode(type, key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decode(type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decode(type, key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decode(type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decode(type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decode(type, key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decode(type, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decode(type, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decode(type, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decode(type, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decode(type, key) }

    /// Primitives need no coding path of their own.
    private func decode<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T {
        try value(key).decoded(as: type, codingPath: codingPath)
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try TreeDecoder(json: try value(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try TreeDecoder(json: try value(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { throw ParameterDecoder.Refused() }
    func superDecoder(forKey key: Key) throws -> any Decoder { throw ParameterDecoder.Refused() }
}

struct TreeUnkeyedContainer: UnkeyedDecodingContainer {
    let elements: [ParsedJSON]
    let codingPath: [any CodingKey]
    private(set) var currentIndex = 0

    init(elements: [ParsedJSON], codingPath: [any CodingKey]) {
        self.elements = elements
        self.codingPath = codingPath
    }

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    mutating func next() throws -> ParsedJSON {
        guard !isAtEnd else { throw ParameterDecoder.Refused() }
        defer { currentIndex += 1 }
        return elements[currentIndex]
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { throw ParameterDecoder.Refused() }
        guard case .null = elements[currentIndex] else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let index = IndexKey(intValue: currentIndex)
        return try next().decoded(as: type, codingPath: codingPath + [index])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try TreeDecoder(json: try next(), codingPath: codingPath).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try TreeDecoder(json: try next(), codingPath: codingPath).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder { throw ParameterDecoder.Refused() }

    /// An array position in a coding path.
    struct IndexKey: CodingKey {
        var intValue: Int?
        var stringValue: String { "Index \(intValue ?? 0)" }
        init(intValue: Int) { self.intValue = intValue }
        init?(stringValue: String) { nil }
    }
}

struct TreeSingleValueContainer: SingleValueDecodingContainer {
    let json: ParsedJSON
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool {
        if case .null = json { return true }
        return false
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try json.decoded(as: type, codingPath: codingPath)
    }
}
