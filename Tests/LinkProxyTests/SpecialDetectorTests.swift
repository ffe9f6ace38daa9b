import Testing

@testable import LinkProxy

@Suite struct SpecialDetectorTests {
    @Test(arguments: [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", Special.youTube(id: "dQw4w9WgXcQ", timestamp: nil)),
        ("https://youtu.be/dQw4w9WgXcQ?t=1m30s", .youTube(id: "dQw4w9WgXcQ", timestamp: "1m30s")),
        ("https://youtube.com/shorts/abcDEF12345", .youTube(id: "abcDEF12345", timestamp: nil)),
        ("https://m.youtube.com/watch?v=xyz&t=15", .youTube(id: "xyz", timestamp: "15")),
        ("https://www.twitch.tv/somestreamer", .twitch(contentType: "Channel", id: "somestreamer")),
        ("https://www.twitch.tv/videos/123456789", .twitch(contentType: "Video", id: "123456789")),
        ("https://clips.twitch.tv/FunnyClipName", .twitch(contentType: "Clip", id: "FunnyClipName")),
        ("https://www.twitch.tv/someone/clip/OtherClip", .twitch(contentType: "Clip", id: "OtherClip")),
        (
            "https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC",
            .spotify(contentType: "track", id: "4uLU6hMCjMI75M1A2tKUQC")
        ),
        (
            "https://open.spotify.com/intl-de/album/1DFixLWuPkv3KT3TnV35m3",
            .spotify(contentType: "album", id: "1DFixLWuPkv3KT3TnV35m3")
        ),
        ("https://soundcloud.com/artist/track-name", .soundcloud),
        (
            "https://music.apple.com/us/album/some-album/1440857781?i=1440857786",
            .appleMusic(albumID: "1440857781", trackID: "1440857786")
        ),
        ("https://music.apple.com/gb/album/other/123", .appleMusic(albumID: "123", trackID: nil)),
        ("https://streamable.com/moo12", .streamable(id: "moo12")),
        ("https://lightspeed.tv/insert", .lightspeed(contentType: "Channel", id: "insert")),
        ("https://giphy.com/gifs/cat-funny-abc123", .gif),
        ("https://tenor.com/view/dance-gif-123", .gif),
        ("https://example.com/watch?v=abc", .none),
        ("https://www.youtube.com/", .none),
        ("https://open.spotify.com/", .none),
    ])
    func recognisesPlayers(_ url: String, _ expected: Special) {
        #expect(SpecialDetector.detect(url: url) == expected)
    }
}
