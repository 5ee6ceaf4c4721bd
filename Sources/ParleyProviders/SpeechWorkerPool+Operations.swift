import NIOCore
import ParleyVoice

extension SpeechWorkerPool {
    /// Transcribes 16 kHz PCM16 audio.
    func transcribe(_ audio: AudioBuffer, language: String, prompt: String) async throws -> SpeechWorkerResponse {
        var payload = ByteBuffer()
        payload.reserveCapacity(audio.samples.count * 2)
        for sample in audio.samples { payload.writeInteger(sample, endianness: .little) }
        let request = SpeechWorkerRequest(id: 0, op: "stt", sampleRate: audio.sampleRate, language: language, prompt: prompt.isEmpty ? nil : prompt)
        return try checked(await perform(request, payload: payload)).header
    }

    /// Synthesises one sentence.
    func synthesize(_ text: String, lengthScale: Double?) async throws -> AudioBuffer {
        let request = SpeechWorkerRequest(id: 0, op: "tts", text: text, lengthScale: lengthScale)
        let reply = try checked(await perform(request, payload: ByteBuffer()))
        guard let rate = reply.header.sampleRate, rate > 0 else {
            throw ProviderError(.protocolViolation, provider: "parley-speech", "tts answer without sample_rate")
        }
        var payload = reply.payload
        var samples: [Int16] = []
        samples.reserveCapacity(payload.readableBytes / 2)
        while let sample = payload.readInteger(endianness: .little, as: Int16.self) { samples.append(sample) }
        return AudioBuffer(sampleRate: rate, samples: samples)
    }

    /// End-of-turn probability for 16 kHz audio.
    func predictTurn(_ audio: AudioBuffer) async throws -> Double {
        var payload = ByteBuffer()
        for sample in audio.samples.suffix(16_000 * 8) { payload.writeInteger(sample, endianness: .little) }
        let request = SpeechWorkerRequest(id: 0, op: "turn", sampleRate: audio.sampleRate)
        let reply = try checked(await perform(request, payload: payload))
        guard let probability = reply.header.probability else {
            throw ProviderError(.protocolViolation, provider: "parley-speech", "turn answer without probability")
        }
        return probability
    }

    /// Sends a raw op (tests use the fault-injection ops `crash` and `hang`).
    public func send(op: String) async throws {
        _ = try checked(await perform(SpeechWorkerRequest(id: 0, op: op), payload: ByteBuffer()))
    }

    private func checked(_ reply: SpeechWorkerConnection.Reply) throws -> SpeechWorkerConnection.Reply {
        guard reply.header.ok else {
            let failure = reply.header.error
            throw ProviderError(.failed, provider: "parley-speech", "\(failure?.code ?? "error"): \(failure?.message ?? "no message")")
        }
        return reply
    }
}
