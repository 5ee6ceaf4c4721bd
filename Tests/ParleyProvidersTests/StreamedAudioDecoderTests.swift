import ParleyAudio
@testable import ParleyProviders
import Testing

@Suite struct StreamedAudioDecoderTests {
    @Test func pcmSurvivesAnySplit() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            let samples = (0..<Int.random(in: 1...400, using: &generator)).map { _ in Int16.random(in: .min ... .max, using: &generator) }
            let bytes = samples.littleEndianBytes
            var decoder = StreamedAudioDecoder(.pcm16LittleEndian)
            var decoded: [Int16] = []
            var index = 0
            while index < bytes.count {
                let size = Int.random(in: 1...7, using: &generator)
                decoded += decoder.decode(bytes[index..<min(index + size, bytes.count)])
                index += size
            }
            #expect(decoded == samples)
            #expect(!decoder.isMidSample)
        }
    }

    @Test func anOddByteWaitsForItsPartner() {
        var decoder = StreamedAudioDecoder(.pcm16LittleEndian)
        #expect(decoder.decode([0x34, 0x12, 0xFF]) == [0x1234])
        #expect(decoder.isMidSample)
        #expect(decoder.decode([0x7F]) == [0x7FFF])
        #expect(!decoder.isMidSample)
    }

    @Test func muLawDecodesEveryCodeWithG711() {
        var decoder = StreamedAudioDecoder(.muLaw)
        let codes = Array(UInt8.min...UInt8.max)
        #expect(decoder.decode(codes) == codes.map { G711.muLaw.decode($0) })
        #expect(!decoder.isMidSample)
    }
}
