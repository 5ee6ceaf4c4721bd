@testable import ParleyVoice
import Testing

@Suite struct CallerAudioHistoryTests {
    /// Appends `milliseconds` of 8 kHz audio whose samples count up (mod 30,000).
    func feed(_ history: inout CallerAudioHistory, from start: Int64, milliseconds: Int64) {
        var frame = [Int16](repeating: 0, count: 160)
        var time = start
        while time < start + milliseconds {
            for index in 0..<160 { frame[index] = Int16((time * 8 + Int64(index)) % 30_000) }
            frame.withUnsafeBufferPointer { history.append($0) }
            time += 20
        }
    }

    func expected(from start: Int64, to end: Int64) -> [Int16] {
        (start * 8..<end * 8).map { Int16($0 % 30_000) }
    }

    @Test func holdsTwoSecondsWhileNothingIsKept() {
        var history = CallerAudioHistory(sampleRate: 8_000)
        feed(&history, from: 0, milliseconds: 5_000)
        #expect(history.capacity == 16_000)
        #expect(history.extract(from: MediaTime(milliseconds: 3_500), to: MediaTime(milliseconds: 5_000)) == expected(from: 3_500, to: 5_000))
        #expect(history.extract(from: MediaTime(milliseconds: 1_000), to: MediaTime(milliseconds: 5_000)).count == 16_000, "older audio is gone")
    }

    @Test func growsToKeepALongUtteranceAndShrinksAfterIt() {
        var history = CallerAudioHistory(sampleRate: 8_000)
        feed(&history, from: 0, milliseconds: 3_000)
        history.keep(from: MediaTime(milliseconds: 2_700))
        feed(&history, from: 3_000, milliseconds: 12_000)
        #expect(history.capacity == 128_000, "doubled from 2 s to 16 s")
        #expect(history.extract(from: MediaTime(milliseconds: 2_700), to: MediaTime(milliseconds: 15_000)) == expected(from: 2_700, to: 15_000))
        history.keep(from: nil)
        #expect(history.capacity == 16_000)
        #expect(history.extract(from: MediaTime(milliseconds: 13_000), to: MediaTime(milliseconds: 15_000)) == expected(from: 13_000, to: 15_000),
                "the newest audio survives the shrink")
        feed(&history, from: 15_000, milliseconds: 1_000)
        #expect(history.extract(from: MediaTime(milliseconds: 14_500), to: MediaTime(milliseconds: 16_000)) == expected(from: 14_500, to: 16_000))
    }

    @Test func neverGrowsPastTheMaximum() {
        var history = CallerAudioHistory(sampleRate: 8_000, initialSeconds: 2, maximumSeconds: 5)
        history.keep(from: .zero)
        feed(&history, from: 0, milliseconds: 9_000)
        #expect(history.capacity == 40_000)
        #expect(history.extract(from: .zero, to: MediaTime(milliseconds: 9_000)) == expected(from: 4_000, to: 9_000))
    }
}
