import Crypto
import Foundation
import ParleyAudio
import ParleyCalls
import ParleyCore
import ParleyStorage
import Testing

@Suite struct RecordingWAVTests {
    @Test func theDecryptedRecordingIsAStereoWAVOfExactlyTheSpooledFrames() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("parley-wav-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try LocalBlobStore(root: dir)
        let key = SymmetricKey(size: .bits256)
        let spool = RecordingSpool(sampleRate: 8_000)
        let writer = try RecordingWriter(spool: spool, store: store, name: RecordingWriter.blobName(org: "org_a", call: "cal_1"), key: key)
        var expected: [Int16] = []
        for frame in 0..<120 {
            let caller = (0..<160).map { Int16(truncatingIfNeeded: frame * 160 + $0) }
            let agent = caller.map { $0 &* -3 }
            caller.withUnsafeBufferPointer { c in
                agent.withUnsafeBufferPointer { a in spool.append(caller: c, agent: frame % 3 == 0 ? nil : a) }
            }
            for index in 0..<160 { expected += [caller[index], frame % 3 == 0 ? 0 : agent[index]] }
            if frame % 40 == 39 { try writer.flush() }
        }
        try writer.finish()
        let bytes = try RecordingWAV.read(store: store, org: "org_a", call: "cal_1", sampleRate: 8_000, key: key,
                                          expectedBytes: writer.writtenBytes)
        let file = try WAVFile(parsing: bytes)
        #expect(file.sampleRate == 8_000 && file.channelCount == 2)
        #expect(file.samples == expected)
        #expect(bytes.count == 44 + expected.count * 2)
    }
}
