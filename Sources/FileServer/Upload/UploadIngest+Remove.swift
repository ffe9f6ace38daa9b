import Storage

extension UploadIngest {
    /// Takes back a file just ingested (its job could not be queued): removes the record and, when no other record
    /// uses the object any more, the object and its blobs. Best effort; what it cannot remove is left for cleanup,
    /// which finds unreferenced objects by their count.
    func remove(fileID: String) async {
        guard let object = try? await metadata.removeFile(id: fileID), object.refs <= 0,
            let claimed = try? await metadata.claimUnreferencedObject(hash: object.hash)
        else { return }
        for key in claimed.allKeys { try? await blobs.delete(key) }
    }
}
