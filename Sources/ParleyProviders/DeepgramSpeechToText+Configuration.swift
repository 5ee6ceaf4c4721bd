import Foundation

extension DeepgramSpeechToText {
    /// How to reach Deepgram's live transcription endpoint and what to ask of it.
    public struct Configuration: Sendable {
        /// Audio encodings Deepgram's live endpoint takes raw (query `encoding=`).
        public enum Encoding: String, Sendable {
            /// 16-bit little-endian PCM.
            case linear16
            /// 8-bit G.711 μ-law: half the bytes, lossless for audio that came from a μ-law call.
            case mulaw
        }

        /// Default `wss://api.deepgram.com/v1/listen`; tests point it at a local server.
        public var baseURL = "wss://api.deepgram.com/v1/listen"
        /// Sent as `Authorization: Token KEY`.
        public var apiKey: String?
        /// Default `nova-3`; nil leaves Deepgram's default.
        public var model: String? = "nova-3"
        /// Default `en`; nil leaves Deepgram's default.
        public var language: String? = "en"
        /// Default linear16.
        public var encoding: Encoding = .linear16
        /// Default 16 kHz (8 kHz is the natural choice with μ-law).
        public var sampleRate = 16_000
        /// Ask for interim results too (the session only uses finals). Default false.
        public var interimResults = false
        /// Deepgram closes a socket after 10 s without audio or a `KeepAlive` and recommends one
        /// every 3–5 s; one is sent whenever nothing was sent for this long. Default 3 s.
        public var keepAliveInterval: Duration = .seconds(3)
        /// Longest from sending an utterance (connecting first if needed) to its transcript.
        /// Default 1.5 s: under the session's 2 s, so a fallback recogniser can still answer.
        public var answerTimeout: Duration = .milliseconds(1_500)
        /// Largest binary message of audio sent at once. Default 8 KiB.
        public var audioChunkBytes = 8_192

        public init(apiKey: String?) {
            self.apiKey = apiKey
        }

        /// The socket URL with the stream's parameters in the query.
        var url: String {
            var query = [
                "encoding=\(encoding.rawValue)", "sample_rate=\(sampleRate)", "channels=1",
                "interim_results=\(interimResults)",
            ]
            if let model { query.append("model=\(Self.escaped(model))") }
            if let language { query.append("language=\(Self.escaped(language))") }
            return baseURL + (baseURL.contains("?") ? "&" : "?") + query.joined(separator: "&")
        }

        private static func escaped(_ value: String) -> String {
            value.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(.init(charactersIn: "&=+"))) ?? value
        }
    }
}
