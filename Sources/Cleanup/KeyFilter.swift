/// A Bloom filter of blob keys: the sweep adds every key it lists and later asks whether an object's key was
/// among them. "No" is certain; "maybe" can be wrong (so a missing object can go unreported, never the reverse).
/// Its size is fixed, so memory stays flat however many objects the store holds: 16 MiB answers wrongly about
/// once in a billion at a million keys and about once in twenty at twenty million.
struct KeyFilter {
    private var words: [UInt64]
    private let bitCount: UInt64
    private let hashCount = 7

    init(bits: Int = 1 << 27) {
        let words = max(1, bits / 64)
        self.words = [UInt64](repeating: 0, count: words)
        self.bitCount = UInt64(words * 64)
    }

    mutating func insert(_ key: String) {
        let (first, second) = Self.hashes(key)
        for index in 0..<UInt64(hashCount) {
            let bit = (first &+ index &* second) % bitCount
            words[Int(bit / 64)] |= 1 << (bit % 64)
        }
    }

    func mightContain(_ key: String) -> Bool {
        let (first, second) = Self.hashes(key)
        for index in 0..<UInt64(hashCount) {
            let bit = (first &+ index &* second) % bitCount
            if words[Int(bit / 64)] & (1 << (bit % 64)) == 0 { return false }
        }
        return true
    }

    /// Two independent 64-bit hashes (FNV-1a, each finished with a SplitMix64 round) for double hashing.
    private static func hashes(_ key: String) -> (UInt64, UInt64) {
        var first: UInt64 = 0xcbf2_9ce4_8422_2325
        var second: UInt64 = 0x8422_2325_cbf2_9ce4
        for byte in key.utf8 {
            first = (first ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            second = (second ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 &+ 0x9e37_79b9
        }
        return (mix(first), mix(second) | 1)
    }

    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
