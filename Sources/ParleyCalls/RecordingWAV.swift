import Crypto
import ParleyAudio
import ParleyCore
import ParleyKeyring

/// A finished call recording as a WAV file (stereo PCM16, caller left, agent right),
/// decrypted from its blob.
public enum RecordingWAV {
    public static func read(store: any BlobStore, org: String, call: String, sampleRate: Int, key: SymmetricKey) throws -> [UInt8] {
        var pcm: [UInt8] = []
        try EncryptedBlobWriter.read(store: store, name: RecordingWriter.blobName(org: org, call: call), key: key) { pcm += $0 }
        var samples = [Int16](repeating: 0, count: pcm.count / 2)
        for index in samples.indices {
            samples[index] = Int16(bitPattern: UInt16(pcm[2 * index]) | UInt16(pcm[2 * index + 1]) << 8)
        }
        return try WAVFile(sampleRate: sampleRate, channelCount: 2, samples: samples).encoded()
    }
}
