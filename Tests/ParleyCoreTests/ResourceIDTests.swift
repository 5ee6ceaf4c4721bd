import ParleyCore
import Testing

@Suite struct ResourceIDTests {
    @Test func idsArePrefixedAndValid() {
        let id = ResourceID.make("org", timeMicros: 1_700_000_000_000_000)
        #expect(id.hasPrefix("org_"))
        #expect(id.count == 4 + 26)
        #expect(ResourceID.isValid(id, prefix: "org"))
        #expect(!ResourceID.isValid(id, prefix: "usr"))
        #expect(!ResourceID.isValid("org_" + String(repeating: "!", count: 26), prefix: "org"))
    }

    @Test func idsSortByCreationTime() {
        var previous = ""
        for ms in stride(from: Int64(1_600_000_000_000), to: 1_600_000_100_000, by: 997) {
            let id = ResourceID.make("key", timeMicros: ms * 1000)
            #expect(id > previous)
            previous = id
        }
    }

    @Test func idsAreUnique() {
        let ids = (0..<10_000).map { _ in ResourceID.make("usr", timeMicros: 42_000) }
        #expect(Set(ids).count == ids.count)
    }
}
