import Crypto
import ParleyAudio
import ParleyCore
import ParleyKeyring

/// A finished call recording as a WAV file (stereo PCM16, caller left, agent right),
/// decrypted from its blob.
public enum RecordingWAV {
    /// The recording is stored as interleaved little-endian PCM16, which is exactly a WAV file's
    /// data: the plaintext goes straight after the header (one buffer of the file's size).
    public static func read(store: any BlobStore, org: String, call: String, sampleRate: Int, key: SymmetricKey,
                            expectedBytes: Int64? = nil) throws -> [UInt8] {
        var wav = try WAVFile.header(sampleRate: sampleRate, channelCount: 2, dataBytes: 0)
        wav.reserveCapacity(44 + Int(max(0, expectedBytes ?? 0)))
        try EncryptedBlobWriter.read(store: store, name: RecordingWriter.blobName(org: org, call: call), key: key) { wav += $0 }
        let dataBytes = (wav.count - 44) & ~3
        wav.removeLast(wav.count - 44 - dataBytes)
        let header = try WAVFile.header(sampleRate: sampleRate, channelCount: 2, dataBytes: dataBytes)
        wav.replaceSubrange(0..<44, with: header)
        return wav
    }
}
