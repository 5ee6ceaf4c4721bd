import ParleyCore
import Testing

@Suite struct RFC3339Tests {
    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00.000000Z"),
        (Int64(951_782_400_000_001), "2000-02-29T00:00:00.000001Z"),
        (Int64(1_795_434_446_123_456), "2026-11-23T11:47:26.123456Z"),
        (Int64(-1), "1969-12-31T23:59:59.999999Z"),
        (Int64(4_102_444_799_999_999), "2099-12-31T23:59:59.999999Z"),
    ])
    func formatsKnownInstants(_ micros: Int64, _ expected: String) {
        #expect(RFC3339.format(micros: micros) == expected)
    }
}
