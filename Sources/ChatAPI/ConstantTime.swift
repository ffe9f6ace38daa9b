/// Comparing secrets (webhook tokens, signatures) in time that does not depend on where they differ.
enum ConstantTime {
    static func equal(_ first: some Collection<UInt8>, _ second: some Collection<UInt8>) -> Bool {
        guard first.count == second.count else { return false }
        return zip(first, second).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    static func equal(_ first: String, _ second: String) -> Bool {
        equal(Array(first.utf8), Array(second.utf8))
    }
}
