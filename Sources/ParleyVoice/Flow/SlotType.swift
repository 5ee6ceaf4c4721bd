/// The kinds of value a slot can capture.
public enum SlotType: String, Sendable, CaseIterable, Codable {
    case number, digits, yesNo = "yesno", date, time, email, phone, text, choice
    /// A person's name: free text without lead-ins ("my name is", "it's"), words capitalised.
    case name
}
