import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Storage
import TestSupport
import Testing

@testable import App

#if canImport(Glibc)
    import Glibc
#endif

/// Uploads over real sockets: curl's `Expect: 100-continue`, an oversized body stopped while it is still being
/// sent, and a client that goes away mid-upload.
@Suite struct UploadLiveTests {
    /// Runs curl (off the cooperative threads the server under test runs on) and returns its exit status, standard
    /// output and standard error.
    func curl(_ arguments: [String]) async throws -> (status: Int32, output: String, errors: String) {
        let run = try await ToolRun.run("/usr/bin/curl", arguments)
        return (run.status, run.outputText, run.errorText)
    }

    func writeFile(_ bytes: [UInt8], name: String) throws -> String {
        let path = TestEndpoints.temporaryDirectory("upload-live") + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The disk store's objects and partial writes, by relative path.
    func diskContents(_ fixture: FileServerFixture) -> [String] {
        guard case .disk(let root) = fixture.configuration.blobs,
            let enumerator = FileManager.default.enumerator(atPath: root)
        else { return [] }
        return enumerator.compactMap { $0 as? String }.filter { path in
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory)
            return !isDirectory.boolValue
        }
    }

    /// curl asks before sending bodies over 1 MB. With the 100 answered, the upload goes at once; unanswered, curl
    /// would wait the 30 s given here before sending.
    @Test func curlsExpectContinueIsAnswered() async throws {
        let fixture = try await FileServerFixture.make()
        let path = try writeFile(
            UploadSamples.png(width: 800, height: 600, padding: 3_000_000, seed: Int.random(in: 0..<1_000_000)),
            name: "big.png"
        )
        try await buildApplication(fixture.configuration).test(.live) { client in
            let port = try #require(client.port)
            let started = ContinuousClock.now
            let result = try await curl([
                "-sv", "--expect100-timeout", "30", "-o", "/dev/null", "-w", "%{http_code}",
                "-H", "X-Session-Token: \(fixture.token)", "-F", "file=@\(path)",
                "http://127.0.0.1:\(port)/autumn/attachments",
            ])
            #expect(result.output == "200")
            #expect(result.errors.contains("Expect: 100-continue"))
            #expect(result.errors.contains("HTTP/1.1 100 Continue"))
            #expect(ContinuousClock.now - started < .seconds(25))
        }
    }

    /// A 40 MB body for a 4 MB tag: refused once 4 MB are read, while curl is still sending, and nothing is kept.
    @Test func anOversizedUploadIsStoppedWhileItIsSent() async throws {
        let fixture = try await FileServerFixture.make()
        let total = 40_000_000
        let huge = UploadSamples.png(width: 64, height: 64, padding: total)
        let path = try writeFile(huge, name: "huge.png")
        try await buildApplication(fixture.configuration).test(.live) { client in
            let port = try #require(client.port)
            let result = try await curl([
                "-s", "--expect100-timeout", "30", "-o", "/dev/null", "-w", "%{http_code} %{size_upload}",
                "-H", "X-Session-Token: \(fixture.token)", "-F", "file=@\(path)",
                "http://127.0.0.1:\(port)/autumn/avatars",
            ])
            let fields = result.output.split(separator: " ")
            #expect(fields.first == "422")
            let sent = Int(fields.last ?? "") ?? total
            #expect(sent < total / 2, "curl sent \(sent) of \(total) bytes before the server stopped it")
        }
        #expect(diskContents(fixture).isEmpty)
        #expect(try await fixture.metadata { try await $0.files(hash: UploadIngestHash.sha256(huge)) }.isEmpty)
    }

    /// A client that sends 12 MB of a 19 MB upload and disconnects: no record, no blob, no partial write, and on S3
    /// no multipart upload left open (12 MB is past the first 8 MiB part).
    @Test(arguments: FileServerFixture.Backend.allCases)
    func aClientLeavingMidUploadLeavesNothing(_ backend: FileServerFixture.Backend) async throws {
        let fixture = try await FileServerFixture.make(backend)
        let store = try fixture.blobs()
        try await buildApplication(fixture.configuration).test(.live) { client in
            let port = try #require(client.port)
            let form = UploadSamples.form(UploadSamples.png(width: 64, height: 64, padding: 19_000_000))
            let head =
                "POST /autumn/attachments HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Session-Token: \(fixture.token)\r\n"
                + "Content-Type: \(UploadSamples.formContentType)\r\nContent-Length: \(form.readableBytes)\r\n\r\n"
            let socket = try LoopbackSocket(port: port)
            let partial = Array(head.utf8) + Array(form.readableBytesView.prefix(12_000_000))
            try await offCooperativePool { try socket.send(partial) }
            try await Task.sleep(for: .milliseconds(500))
            socket.close()

            var left = try await leftovers(fixture, store)
            for _ in 0..<100 where !left.isEmpty {
                try await Task.sleep(for: .milliseconds(100))
                left = try await leftovers(fixture, store)
            }
            #expect(left.isEmpty, "left behind: \(left)")
        }
        let stats = try await fixture.jobs().stats(.media)
        #expect(stats.waiting == 0)
    }

    /// Objects, partial writes and (on S3) open multipart uploads in the fixture's store.
    func leftovers(_ fixture: FileServerFixture, _ store: any BlobStore) async throws -> [String] {
        if let s3 = store as? S3BlobStore {
            return try await fixture.blobKeys() + (try await s3.pendingMultipartUploads()).map { "multipart \($0)" }
        }
        return diskContents(fixture)
    }
}

/// A blocking TCP connection to the loopback interface, for sending hand-made requests.
final class LoopbackSocket: @unchecked Sendable {
    // Used by one task at a time: sent to from a Dispatch thread, closed after that returned.
    let descriptor: Int32

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
    }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, 0) }
            guard written > 0 else { throw POSIXError(.EPIPE) }
            offset += written
        }
    }

    private var closed = false

    func close() {
        guard !closed else { return }
        closed = true
        _ = Glibc.close(descriptor)
    }

    deinit { close() }
}
