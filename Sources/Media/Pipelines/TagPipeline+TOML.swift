import TOMLKit

extension TagPipeline {
    /// Reads one pipeline file. Every key is checked (unknown keys too, so a typo is not silently ignored); the
    /// first problem throws a `PipelineError` naming `path` and the key.
    public init(toml text: String, path: String, defaultTag: String) throws(PipelineError) {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw PipelineError(path: path, key: "", reason: "not valid TOML: \(error.debugDescription)")
        } catch {
            throw PipelineError(path: path, key: "", reason: "not valid TOML: \(error)")
        }
        var fields = PipelineFields(table: table, path: path, prefix: "")
        let tag = try fields.string("tag") ?? defaultTag
        guard tag.range(of: "^[a-z0-9_-]{1,32}$", options: .regularExpression) != nil else {
            throw PipelineError(path: path, key: "tag", reason: "must be 1 to 32 of a-z 0-9 _ -, got '\(tag)'")
        }
        let accept = try fields.strings("accept") ?? ["image"]
        var kinds: Set<MediaKind> = []
        for name in accept {
            guard let kind = MediaKind(rawValue: name) else {
                throw PipelineError(
                    path: path, key: "accept",
                    reason:
                        "unknown kind '\(name)' (one of \(MediaKind.allCases.map(\.rawValue).joined(separator: ", ")))"
                )
            }
            kinds.insert(kind)
        }
        guard !kinds.isEmpty else { throw PipelineError(path: path, key: "accept", reason: "must name a kind") }
        var variants: [VariantSpec] = []
        for (index, variant) in try fields.tables("variants").enumerated() {
            var variantFields = PipelineFields(table: variant, path: path, prefix: "variants[\(index)].")
            let spec = try VariantSpec(fields: &variantFields)
            guard !variants.contains(where: { $0.name == spec.name }) else {
                throw PipelineError(path: path, key: "variants[\(index)].name", reason: "'\(spec.name)' is named twice")
            }
            variants.append(spec)
        }
        self.init(
            tag: tag,
            maxSize: try fields.int("max_size", in: 1...5_000_000_000) ?? 20_000_000,
            accept: kinds,
            maxPixels: try fields.int("max_pixels", in: 1...1_000_000_000) ?? 50_000_000,
            maxSide: try fields.int("max_side", in: 1...100_000) ?? 10_000,
            maxFrames: try fields.int("max_frames", in: 1...100_000) ?? 1_000,
            variants: variants
        )
        try fields.refuseUnknownKeys()
    }
}

extension VariantSpec {
    init(fields: inout PipelineFields) throws(PipelineError) {
        guard let name = try fields.string("name") else { throw fields.error("name", "is required") }
        guard name.range(of: "^[a-z0-9_-]{1,32}$", options: .regularExpression) != nil else {
            throw fields.error("name", "must be 1 to 32 of a-z 0-9 _ -, got '\(name)'")
        }
        let fit = try fields.choice("fit", Fit.self) ?? .fit
        guard let width = try fields.int("width", in: 1...10_000) else { throw fields.error("width", "is required") }
        guard let height = try fields.int("height", in: 1...10_000) else { throw fields.error("height", "is required") }
        if fit == .square && width != height { throw fields.error("height", "must equal width for a square fit") }
        let format = try fields.choice("format", Format.self) ?? .webp
        let animated = try fields.bool("animated") ?? false
        if animated && format != .webp { throw fields.error("animated", "needs format = \"webp\"") }
        self.init(
            name: name, fit: fit, crop: try fields.choice("crop", Crop.self) ?? .centre, width: width, height: height,
            format: format, quality: try fields.int("quality", in: 1...100) ?? 80, animated: animated
        )
        try fields.refuseUnknownKeys()
    }
}

/// Typed reads from one TOML table that remember which keys were read, so the rest can be refused as unknown.
struct PipelineFields {
    let table: TOMLTable
    let path: String
    let prefix: String
    private var read: Set<String> = []

    init(table: TOMLTable, path: String, prefix: String) {
        self.table = table
        self.path = path
        self.prefix = prefix
    }

    func error(_ key: String, _ reason: String) -> PipelineError {
        PipelineError(path: path, key: prefix + key, reason: reason)
    }

    mutating func string(_ key: String) throws(PipelineError) -> String? {
        read.insert(key)
        guard let value = table[key] else { return nil }
        guard let text = value.string else { throw error(key, "must be a string") }
        return text
    }

    mutating func int(_ key: String, in range: ClosedRange<Int>) throws(PipelineError) -> Int? {
        read.insert(key)
        guard let value = table[key] else { return nil }
        guard let number = value.int else { throw error(key, "must be an integer") }
        guard range.contains(number) else {
            throw error(key, "must be \(range.lowerBound) to \(range.upperBound), got \(number)")
        }
        return number
    }

    mutating func bool(_ key: String) throws(PipelineError) -> Bool? {
        read.insert(key)
        guard let value = table[key] else { return nil }
        guard let flag = value.bool else { throw error(key, "must be true or false") }
        return flag
    }

    mutating func choice<Choice: RawRepresentable & CaseIterable>(
        _ key: String, _ type: Choice.Type
    )
        throws(PipelineError) -> Choice? where Choice.RawValue == String
    {
        guard let text = try string(key) else { return nil }
        guard let choice = Choice(rawValue: text) else {
            let options = Choice.allCases.map(\.rawValue).joined(separator: ", ")
            throw error(key, "must be one of \(options), got '\(text)'")
        }
        return choice
    }

    mutating func strings(_ key: String) throws(PipelineError) -> [String]? {
        read.insert(key)
        guard let value = table[key] else { return nil }
        guard let array = value.array else { throw error(key, "must be an array of strings") }
        var strings: [String] = []
        for element in array {
            guard let text = element.string else { throw error(key, "must be an array of strings") }
            strings.append(text)
        }
        return strings
    }

    mutating func tables(_ key: String) throws(PipelineError) -> [TOMLTable] {
        read.insert(key)
        guard let value = table[key] else { return [] }
        guard let array = value.array else { throw error(key, "must be an array of tables ([[\(key)]])") }
        var tables: [TOMLTable] = []
        for element in array {
            guard let table = element.table else { throw error(key, "must be an array of tables ([[\(key)]])") }
            tables.append(table)
        }
        return tables
    }

    func refuseUnknownKeys() throws(PipelineError) {
        for key in table.keys.sorted() where !read.contains(key) {
            throw error(key, "is not a pipeline key")
        }
    }
}
