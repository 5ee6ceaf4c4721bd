/// Decodes a string enum with an error that lists the accepted values, so a typo in an
/// agent file reads "unknown value 'masked'; expected one of off, mask" at its field path.
enum StrictEnumDecoding {
    static func decode<Value: RawRepresentable & CaseIterable>(from decoder: any Decoder) throws -> Value
    where Value.RawValue == String {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(String.self)
        guard let value = Value(rawValue: raw) else {
            let expected = Value.allCases.map(\.rawValue).joined(separator: ", ")
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown value '\(raw)'; expected one of \(expected)")
        }
        return value
    }
}
