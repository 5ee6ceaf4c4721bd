/// TEMPORARY stand-in until the flow branch's detector lands.
enum AIIdentityQuestion {
    static func isAsking(_ text: String) -> Bool { false }
}
