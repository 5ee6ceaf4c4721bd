/// A kind of personal data redaction can remove.
public enum PIIEntity: String, Sendable, Equatable, CaseIterable, Codable {
    case phone, email, card, ssn, address, name, dob

    public init(from decoder: any Decoder) throws {
        self = try StrictEnumDecoding.decode(from: decoder)
    }
}
