import Foundation
import NIOPosix

extension DiskBlobStore {
    /// Walks the fan-out directories in sorted order. The continuation is the `ab/cd/name` path of the last object
    /// returned; the next page starts after it.
    public func list(prefix: String, continuation: String?, limit: Int) async throws -> BlobPage {
        let limit = max(1, limit)
        let root = root
        return try await NIOThreadPool.singleton.runIfActive {
            let prefixFanOut = prefix.isEmpty ? nil : Self.fanOutDirectories(prefix)
            let after = continuation ?? ""
            var objects: [BlobInfo] = []
            var last: String?
            for first in try Self.sortedEntries("\(root)") where first != Self.temporaryDirectory {
                if let prefixFanOut, prefix.utf8.count >= 2, first != prefixFanOut.0 { continue }
                if !after.isEmpty, first < String(after.prefix(2)) { continue }
                for second in try Self.sortedEntries("\(root)/\(first)") {
                    if let prefixFanOut, prefix.utf8.count >= 4, second != prefixFanOut.1 { continue }
                    let directory = "\(first)/\(second)"
                    if !after.isEmpty, directory < String(after.prefix(5)) { continue }
                    for name in try Self.sortedEntries("\(root)/\(directory)") {
                        let relative = "\(directory)/\(name)"
                        guard relative > after, let key = Self.decodeName(name), key.hasPrefix(prefix) else { continue }
                        guard objects.count < limit else { return BlobPage(objects: objects, continuation: last) }
                        let path = "\(root)/\(relative)"
                        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { continue }
                        objects.append(
                            BlobInfo(
                                key: key,
                                size: (attributes[.size] as? NSNumber)?.int64Value ?? 0,
                                lastModified: attributes[.modificationDate] as? Date ?? .now
                            )
                        )
                        last = relative
                    }
                }
            }
            return BlobPage(objects: objects, continuation: nil)
        }
    }

    private static func sortedEntries(_ directory: String) throws -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        } catch CocoaError.fileReadNoSuchFile {
            return []
        } catch {
            throw StorageError.unreachable("cannot list \(directory): \(error.localizedDescription)")
        }
    }
}
