import Testing

@testable import FileServer

/// Client file names are cleaned before they are stored, and sent back in a header every browser reads.
@Suite struct FilenameTests {
    @Test(arguments: [
        ("cat.png", "cat.png"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\Desktop\\photo.jpg", "photo.jpg"),
        ("nul\u{0}byte.png", "nulbyte.png"),
        ("invoice\u{202E}gpj.exe", "invoicegpj.exe"),
        ("  spaced out.txt  ", "spaced out.txt"),
        ("trailing.dots...", "trailing.dots"),
        (".htaccess", "htaccess"),
        ("", "file"),
        ("/", "file"),
        ("\u{0}\u{1}\u{7F}", "file"),
        ("naïve ✓ 写真.png", "naïve ✓ 写真.png"),
    ])
    func namesAreCleaned(input: String, expected: String) {
        #expect(FilenameSanitizer.sanitize(input) == expected)
    }

    @Test func longNamesKeepTheirExtension() {
        let long = FilenameSanitizer.sanitize(String(repeating: "a", count: 10_000) + ".webp")
        #expect(long.count == FilenameSanitizer.maximumLength)
        #expect(long.hasSuffix("a.webp"))
        #expect(FilenameSanitizer.sanitize(String(repeating: "b", count: 500)).count == FilenameSanitizer.maximumLength)
    }

    @Test func dispositionsCarryAnASCIIFallbackAndTheUTF8Name() {
        #expect(ContentDisposition.attachment(filename: "report.pdf") == #"attachment; filename="report.pdf""#)
        #expect(
            ContentDisposition.attachment(filename: "naïve \"quote\".png")
                == #"attachment; filename="na_ve _quote_.png"; filename*=UTF-8''na%C3%AFve%20%22quote%22.png"#)
        #expect(
            ContentDisposition.inline(filename: "写真.jpg")
                == #"inline; filename="__.jpg"; filename*=UTF-8''%E5%86%99%E7%9C%9F.jpg"#)
    }
}
