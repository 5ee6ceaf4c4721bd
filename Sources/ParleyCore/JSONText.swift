import Foundation

/// Small JSON objects built from dictionaries (socket messages, event payloads): keys sorted so
/// output is stable; `{}` if the object can't be encoded (it holds no JSON types).
public enum JSONText {
    public static func encode(_ object: [String: Any]) -> String {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
