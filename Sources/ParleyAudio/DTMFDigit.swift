/// A DTMF key; the raw value is its RFC 4733 telephone-event code.
public enum DTMFDigit: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case zero = 0, one, two, three, four, five, six, seven, eight, nine
    case star = 10, pound = 11
    case a = 12, b, c, d

    /// Low-group frequencies in hertz (ITU-T Q.23), keypad rows top to bottom.
    public static let lowGroupFrequencies: [Double] = [697, 770, 852, 941]
    /// High-group frequencies in hertz (ITU-T Q.23), keypad columns left to right.
    public static let highGroupFrequencies: [Double] = [1209, 1336, 1477, 1633]

    /// The keypad layout by row and column (Q.23).
    static let keypad: [[DTMFDigit]] = [
        [.one, .two, .three, .a],
        [.four, .five, .six, .b],
        [.seven, .eight, .nine, .c],
        [.star, .zero, .pound, .d],
    ]

    /// The digit for a keypad character (`0`–`9`, `*`, `#`, `A`–`D`, case-insensitive), or nil.
    public init?(_ character: Character) {
        guard let ascii = character.asciiValue else { return nil }
        switch ascii {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): self.init(rawValue: ascii - UInt8(ascii: "0"))
        case UInt8(ascii: "*"): self = .star
        case UInt8(ascii: "#"): self = .pound
        case UInt8(ascii: "A")...UInt8(ascii: "D"): self.init(rawValue: 12 + ascii - UInt8(ascii: "A"))
        case UInt8(ascii: "a")...UInt8(ascii: "d"): self.init(rawValue: 12 + ascii - UInt8(ascii: "a"))
        default: return nil
        }
    }

    /// The keypad character: `0`–`9`, `*`, `#` or `A`–`D`.
    public var character: Character {
        switch self {
        case .star: "*"
        case .pound: "#"
        case .a: "A"
        case .b: "B"
        case .c: "C"
        case .d: "D"
        default: Character(Unicode.Scalar(UInt8(ascii: "0") + rawValue))
        }
    }

    public var description: String { String(character) }

    /// Keypad row, 0…3 (index into `lowGroupFrequencies`).
    var row: Int {
        switch self {
        case .one, .two, .three, .a: 0
        case .four, .five, .six, .b: 1
        case .seven, .eight, .nine, .c: 2
        case .star, .zero, .pound, .d: 3
        }
    }

    /// Keypad column, 0…3 (index into `highGroupFrequencies`).
    var column: Int {
        switch self {
        case .one, .four, .seven, .star: 0
        case .two, .five, .eight, .zero: 1
        case .three, .six, .nine, .pound: 2
        case .a, .b, .c, .d: 3
        }
    }

    /// The low-group tone in hertz.
    public var lowFrequency: Double { Self.lowGroupFrequencies[row] }
    /// The high-group tone in hertz.
    public var highFrequency: Double { Self.highGroupFrequencies[column] }
}
