/// A request header of the speech-worker protocol.
struct SpeechWorkerRequest: Encodable, Sendable {
    var id: Int
    var op: String
    var sampleRate: Int?
    var language: String?
    var text: String?
    var lengthScale: Double?
    var prompt: String?

    enum CodingKeys: String, CodingKey {
        case id, op, language, text, prompt
        case sampleRate = "sample_rate"
        case lengthScale = "length_scale"
    }
}

/// A response header of the speech-worker protocol (fields depend on the op).
struct SpeechWorkerResponse: Decodable, Sendable {
    struct Failure: Decodable, Sendable {
        var code: String
        var message: String
    }

    var id: Int?
    var ok: Bool
    var error: Failure?
    var text: String?
    var noSpeechProb: Double?
    var avgLogprob: Double?
    var probability: Double?
    var sampleRate: Int?
    var ttsSampleRate: Int?
    var models: [String: String]?
    var pid: Int?
    var elapsedMs: Double?

    enum CodingKeys: String, CodingKey {
        case id, ok, error, text, probability, models, pid
        case noSpeechProb = "no_speech_prob"
        case avgLogprob = "avg_logprob"
        case sampleRate = "sample_rate"
        case ttsSampleRate = "tts_sample_rate"
        case elapsedMs = "elapsed_ms"
    }
}
