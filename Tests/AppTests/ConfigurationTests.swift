import Foundation
import TestSupport
import Testing

@testable import App

@Suite struct ConfigurationTests {
    @Test func defaultsAreEmbedded() throws {
        let configuration = try AppConfiguration.testing()
        #expect(configuration.httpPort == 8080)
        #expect(configuration.dataDirectory == "./data")
        #expect(configuration.database == .sqlite(path: "./data/metadata.sqlite"))
        #expect(configuration.blobs == .disk(root: "./data/blobs"))
        #expect(configuration.redis == .managed(binary: "redis-server", directory: "./data/redis"))
    }

    @Test func keysMapToEnvironmentVariables() {
        #expect(ConfigurationKeys.key(named: "http.port")?.environmentVariable == "DISCORDINATION_HTTP_PORT")
        #expect(
            ConfigurationKeys.key(named: "storage.s3.secret_key")?.environmentVariable
                == "DISCORDINATION_STORAGE_S3_SECRET_KEY")
    }

    @Test func flagsBeatEnvironmentBeatsFileBeatsDefaults() throws {
        let file = TestEndpoints.temporaryDirectory("config") + "/discordination.toml"
        try """
        [http]
        port = 9000
        host = "0.0.0.0"

        [log]
        level = "debug"

        [storage.s3]
        region = "eu-west-1"
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let configuration = try AppConfiguration.load(
            flags: ["http.port=9200"],
            configPath: file,
            environment: ["DISCORDINATION_HTTP_PORT": "9100", "DISCORDINATION_LOG_LEVEL": "warning", "UNRELATED": "x"]
        )
        #expect(configuration.httpPort == 9200)
        #expect(configuration.logLevel == .warning)
        #expect(configuration.httpHost == "0.0.0.0")
        #expect(try configuration.resolved["storage.s3.region"] == "eu-west-1")
        #expect(configuration.resolved.entries["http.port"]?.source == .flag)
        #expect(configuration.resolved.entries["log.level"]?.source == .environment)
        #expect(configuration.resolved.entries["http.host"]?.source == .file)
        #expect(configuration.resolved.entries["redis.pool_size"]?.source == .defaultValue)
    }

    @Test func aBadValueNamesItsKeyAndTheExpectedForm() throws {
        let error = #expect(throws: ConfigurationError.self) {
            try AppConfiguration.load(flags: [], configPath: nil, environment: ["DISCORDINATION_HTTP_PORT": "abc"])
        }
        #expect(
            error?.description == "configuration key http.port: 'abc' is not valid; expected an integer from 0 to 65535"
        )
        #expect(throws: ConfigurationError.self) { try AppConfiguration.testing(["redis.command_timeout": "soon"]) }
        #expect(throws: ConfigurationError.self) { try AppConfiguration.testing(["storage.backend": "ftp"]) }
        #expect(throws: ConfigurationError.self) { try AppConfiguration.testing(["redis.url": "http://nope"]) }
        #expect(throws: ConfigurationError.self) { try AppConfiguration.testing(["database.url": "mysql://a@b/c"]) }
        let s3 = #expect(throws: ConfigurationError.self) { try AppConfiguration.testing(["storage.backend": "s3"]) }
        #expect(s3?.description.contains("storage.s3.endpoint") == true)
    }

    @Test func unknownKeysAndBadFilesAreRefused() throws {
        let directory = TestEndpoints.temporaryDirectory("config")
        try "[http]\nprot = 1\n".write(toFile: directory + "/typo.toml", atomically: true, encoding: .utf8)
        #expect(throws: ConfigurationError.unknownKey("http.prot", source: directory + "/typo.toml")) {
            try AppConfiguration.load(configPath: directory + "/typo.toml", environment: [:])
        }
        try "[http\nport = 1\n".write(toFile: directory + "/broken.toml", atomically: true, encoding: .utf8)
        #expect(throws: ConfigurationError.self) {
            try AppConfiguration.load(configPath: directory + "/broken.toml", environment: [:])
        }
        #expect(throws: ConfigurationError.invalidFlag("http.port")) {
            try AppConfiguration.load(flags: ["http.port"], environment: [:])
        }
        #expect(throws: ConfigurationError.self) {
            try AppConfiguration.load(configPath: directory + "/missing.toml", environment: [:])
        }
    }

    @Test func durationsParse() {
        #expect(ConfigurationKey.parseDuration("250ms") == .milliseconds(250))
        #expect(ConfigurationKey.parseDuration("5s") == .seconds(5))
        #expect(ConfigurationKey.parseDuration("2m") == .seconds(120))
        #expect(ConfigurationKey.parseDuration("1d") == .seconds(86_400))
        #expect(ConfigurationKey.parseDuration("7") == .seconds(7))
        #expect(ConfigurationKey.parseDuration("-1s") == nil)
        #expect(ConfigurationKey.parseDuration("fast") == nil)
    }

    @Test func renderingMasksSecrets() throws {
        let configuration = try AppConfiguration.testing([
            "storage.backend": "s3", "storage.s3.endpoint": "http://127.0.0.1:1", "storage.s3.access_key": "AK",
            "storage.s3.secret_key": "super-secret",
        ])
        let text = configuration.resolved.rendered()
        #expect(!text.contains("super-secret"))
        #expect(text.contains("storage.s3.secret_key = \"***\"  # flag"))
        #expect(text.contains("http.port = \"8080\"  # default"))
    }

    /// The sample file documents every key with its default, and nothing else.
    @Test func sampleFileDocumentsEveryKeyWithItsDefault() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Samples/discordination.toml").path
        let values = try ConfigurationSources.parseFile(at: path)
        #expect(Set(values.keys) == Set(ConfigurationKeys.all.map(\.name)))
        for key in ConfigurationKeys.all {
            #expect(values[key.name] == key.defaultValue, "\(key.name)")
        }
    }
}

@Suite struct StorageConfigurationTests {
    @Test func encryptionKeyIsCheckedAndS3OptionsAreRead() throws {
        let key = String(repeating: "0f", count: 32)
        let configuration = try AppConfiguration.testing([
            "storage.encryption_key": key, "storage.s3.create_bucket": "true",
            "storage.s3.presign_downloads": "yes", "storage.s3.presign_expiry": "5m",
        ])
        #expect(configuration.blobStore.encryptionKey?.bitCount == 256)
        #expect(configuration.blobStore.createBucket)
        #expect(configuration.blobStore.presignDownloads)
        #expect(configuration.blobStore.presignExpiry == .seconds(300))
        #expect(configuration.migrateOnStart)

        let error = #expect(throws: ConfigurationError.self) {
            try AppConfiguration.testing(["storage.encryption_key": "short"])
        }
        #expect(error?.description.contains("storage.encryption_key") == true)
        #expect(error?.description.contains("short") == false, "the secret is not echoed")
    }
}

@Suite struct PipelineConfigurationTests {
    @Test func aBadPipelineFileStopsLoadingNamingFileAndKey() throws {
        let directory = TestEndpoints.temporaryDirectory("pipelines")
        try "[[variants]]\nname = \"p\"\nwidth = 10\nheight = 10\nquality = 120\n"
            .write(toFile: directory + "/avatars.toml", atomically: true, encoding: .utf8)
        let error = #expect(throws: ConfigurationError.self) {
            try AppConfiguration.testing(["files.pipelines": directory])
        }
        let message = error?.description ?? ""
        #expect(message.contains("files.pipelines"))
        #expect(message.contains("\(directory)/avatars.toml"))
        #expect(message.contains("variants[0].quality"))
        #expect(try AppConfiguration.testing().pipelines["avatars"]?.maxSize == 4_000_000)
    }
}
