import Foundation
import SQLKit

/// The bytes behind one or more file records, found by the SHA-256 of the original. `refs` counts the records
/// pointing at it; at zero the object (and its variants) may be removed.
public struct StoredObject: Sendable, Equatable {
    public var hash: String
    /// Where the original is in the blob store. Unique per row, so an object removed and uploaded again never
    /// shares a key with the removed one.
    public var storageKey: String
    public var size: Int64
    public var contentType: String
    public var refs: Int64
    /// Processed variants by name (`thumb`, `preview`, …), each with its blob key.
    public var variants: [String: StoredVariant]
    public var createdAt: Date

    public init(
        hash: String,
        storageKey: String,
        size: Int64,
        contentType: String,
        refs: Int64 = 1,
        variants: [String: StoredVariant] = [:],
        createdAt: Date = .now
    ) {
        self.hash = hash
        self.storageKey = storageKey
        self.size = size
        self.contentType = contentType
        self.refs = refs
        self.variants = variants
        self.createdAt = Date(millisecondsSince1970: createdAt.millisecondsSince1970)
    }

    /// Every blob key of the object: the original and each variant.
    public var allKeys: [String] { [storageKey] + variants.values.map(\.key).sorted() }

    /// The variant that takes the upload's place once its metadata is stripped; the untouched upload may then be
    /// gone from the store (`files.keep_originals` off).
    public static let strippedOriginalVariant = "original"

    /// Where the object's original bytes are: the stripped original when there is one, else the upload.
    public var originalKey: String { variants[Self.strippedOriginalVariant]?.key ?? storageKey }

    init(row: any SQLRow) throws {
        let variantsJSON = try row.decode(column: "variants", as: String.self)
        self.init(
            hash: try row.decode(column: "hash", as: String.self),
            storageKey: try row.decode(column: "storage_key", as: String.self),
            size: try row.decode(column: "size", as: Int64.self),
            contentType: try row.decode(column: "content_type", as: String.self),
            refs: try row.decode(column: "refs", as: Int64.self),
            variants: try JSONDecoder().decode([String: StoredVariant].self, from: Data(variantsJSON.utf8)),
            createdAt: Date(millisecondsSince1970: try row.decode(column: "created_at", as: Int64.self))
        )
    }
}

/// One processed rendition of an object (a thumbnail, a preview, a poster).
public struct StoredVariant: Sendable, Equatable, Codable {
    public var key: String
    public var contentType: String
    public var size: Int64
    public var width: Int?
    public var height: Int?

    public init(key: String, contentType: String, size: Int64, width: Int? = nil, height: Int? = nil) {
        self.key = key
        self.contentType = contentType
        self.size = size
        self.width = width
        self.height = height
    }
}
