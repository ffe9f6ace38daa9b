import Storage
import Testing

@testable import FileServer

/// Which preview a request gets: a stored size close enough, or a rounded size made on demand.
@Suite struct PreviewPlanTests {
    static let names = ["attachments.preview", "attachments.thumb"]
    static func variants(_ sizes: [String: (Int, Int)]) -> [String: StoredVariant] {
        sizes.mapValues { StoredVariant(key: "k", contentType: "image/webp", size: 1, width: $0.0, height: $0.1) }
    }
    static let stored = variants(["attachments.preview": (1280, 960), "attachments.thumb": (320, 240)])

    func plan(
        _ width: Int?, _ height: Int?, _ variants: [String: StoredVariant] = stored,
        original: (Int, Int)? = (4000, 3000)
    )
        -> PreviewPlan
    {
        PreviewPlan.decide(
            PreviewRequest(width: width, height: height), variants: variants, tag: "attachments",
            pipelineNames: Self.names, original: original.map { (width: $0.0, height: $0.1) })
    }

    @Test func sizesAreRoundedUpToABoundedSet() {
        #expect(OnDemandSize(rounding: 100, nil) == OnDemandSize(width: 128, height: nil))
        #expect(OnDemandSize(rounding: 128, 129) == OnDemandSize(width: 128, height: 256))
        #expect(OnDemandSize(rounding: 9000, nil)?.width == 2048)
        #expect(OnDemandSize(rounding: nil, nil) == nil)
        #expect(OnDemandSize(width: 128, height: nil).name == "w128")
        #expect(OnDemandSize(width: 512, height: 512).name == "w512h512")
        #expect(OnDemandSize(width: 100, height: nil).isRounded == false)
        var names = Set<String>()
        for width in [nil] + Array(1...3000) {
            for height in [nil, 1, 50, 700, 5000] {
                if let size = OnDemandSize(rounding: width, height) { names.insert(size.name) }
            }
        }
        #expect(names.count <= 10 + 10 + 100)
    }

    @Test func storedSizesCloseEnoughAreServed() {
        #expect(plan(nil, nil) == .serve("attachments.preview"))
        #expect(plan(300, nil) == .serve("attachments.thumb"), "320 covers 300 and is under the rounded 384")
        #expect(plan(1200, nil) == .serve("attachments.preview"), "1280 is under the rounded 1536")
        #expect(plan(100, nil) == .resize(OnDemandSize(width: 128, height: nil), fallback: "attachments.thumb"))
        #expect(plan(1900, nil) == .resize(OnDemandSize(width: 2048, height: nil), fallback: "attachments.preview"))
        let withMade = Self.stored.merging(Self.variants(["attachments.w128": (128, 96)])) { $1 }
        #expect(plan(100, nil, withMade) == .serve("attachments.w128"))
    }

    @Test func smallOriginalsAreNeverEnlarged() {
        let small = Self.variants(["attachments.preview": (200, 150), "attachments.thumb": (200, 150)])
        #expect(plan(1000, nil, small, original: (200, 150)) == .serve("attachments.preview"))
        #expect(
            plan(100, nil, small, original: (200, 150))
                == .resize(OnDemandSize(width: 128, height: nil), fallback: "attachments.preview"))
        #expect(plan(100, nil, small, original: nil) == .serve("attachments.preview"), "no size known: nothing made")
        #expect(
            plan(100, nil, [:], original: (200, 150)) == .resize(OnDemandSize(width: 128, height: nil), fallback: nil))
    }
}
