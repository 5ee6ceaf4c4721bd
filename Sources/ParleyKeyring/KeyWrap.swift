import Crypto
import Foundation
import ParleyCore

/// AES-256-GCM wrapping of one key by its parent, with associated data that binds the wrapped
/// key to its place in the hierarchy (org, subject, record), so a wrapped key moved elsewhere
/// fails to unwrap.
public enum KeyWrap {
    public static func context(org: String, subject: String? = nil, record: String? = nil, kind: String) -> Data {
        Data("parley/v1|\(kind)|org=\(org)|subject=\(subject ?? "-")|record=\(record ?? "-")".utf8)
    }

    public static func wrap(_ key: SymmetricKey, with parent: SymmetricKey, context: Data) throws -> String {
        let sealed = try key.withUnsafeBytes { try AES.GCM.seal(Data($0), using: parent, authenticating: context) }
        guard let combined = sealed.combined else { throw ParleyError(.internal, "AES-GCM produced no combined output") }
        return combined.base64EncodedString()
    }

    public static func unwrap(_ wrapped: String, with parent: SymmetricKey, context: Data) throws(ParleyError) -> SymmetricKey {
        guard let data = Data(base64Encoded: wrapped) else { throw ParleyError(.storage, "a wrapped key is not valid base64") }
        do {
            let box = try AES.GCM.SealedBox(combined: data)
            let raw = try AES.GCM.open(box, using: parent, authenticating: context)
            guard raw.count == 32 else { throw ParleyError(.storage, "a wrapped key has the wrong length") }
            return SymmetricKey(data: raw)
        } catch let error as ParleyError {
            throw error
        } catch {
            throw ParleyError(.storage, "a key failed to unwrap: wrong parent key or tampered data")
        }
    }
}
