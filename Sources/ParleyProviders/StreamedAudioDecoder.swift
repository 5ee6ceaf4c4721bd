import ParleyAudio

/// Turns audio bytes streamed in an HTTP body into samples. Chunks may split anywhere,
/// a 16-bit sample across two chunks too: the odd byte waits for the next chunk.
struct StreamedAudioDecoder: Sendable {
    enum Encoding: Sendable, Equatable {
        /// Raw 16-bit little-endian PCM.
        case pcm16LittleEndian
        /// Raw 8-bit G.711 μ-law.
        case muLaw
    }

    let encoding: Encoding
    private var carry: UInt8?

    init(_ encoding: Encoding) {
        self.encoding = encoding
    }

    /// True when a PCM sample is half received (a body that ends so is truncated).
    var isMidSample: Bool { carry != nil }

    /// The samples completed by `bytes`.
    mutating func decode(_ bytes: some Collection<UInt8>) -> [Int16] {
        switch encoding {
        case .muLaw:
            return bytes.map { G711.muLaw.decode($0) }
        case .pcm16LittleEndian:
            var samples: [Int16] = []
            samples.reserveCapacity((bytes.count + 1) / 2)
            for byte in bytes {
                if let low = carry {
                    samples.append(Int16(bitPattern: UInt16(low) | UInt16(byte) << 8))
                    carry = nil
                } else {
                    carry = byte
                }
            }
            return samples
        }
    }
}
