import Foundation

/// Edits a file's metadata JSON (`{"type":"Image","width":…}`) without knowing every field it may carry, keeping
/// the fields in their order.
enum FileMetadataJSON {
    /// The metadata with `thumbhash` added, base64 as Autumn's newer servers write it; the input unchanged if it is
    /// not a JSON object or has one already.
    static func adding(thumbhash: [UInt8], to metadata: String) -> String {
        let trimmed = metadata.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let object = (try? JSONSerialization.jsonObject(with: Data(trimmed.utf8))) as? [String: Any],
            object["thumbhash"] == nil, trimmed.hasSuffix("}")
        else { return metadata }
        let field = #""thumbhash":"\#(Data(thumbhash).base64EncodedString())""#
        return String(trimmed.dropLast()) + (object.isEmpty ? "" : ",") + field + "}"
    }
}
