import ParleyVoice

/// Chat-completions wire types (OpenAI's documented format, also spoken by
/// Groq, vLLM, Ollama and others).
enum OpenAIChat {
    struct Message: Codable, Sendable, Equatable {
        var role: String
        var content: String?
        var toolCalls: [ToolCall]?
        var toolCallID: String?

        enum CodingKeys: String, CodingKey {
            case role, content
            case toolCalls = "tool_calls"
            case toolCallID = "tool_call_id"
        }
    }

    struct ToolCall: Codable, Sendable, Equatable {
        struct Function: Codable, Sendable, Equatable {
            var name: String
            var arguments: String
        }

        var id: String
        var type = "function"
        var function: Function
    }

    struct Tool: Encodable, Sendable {
        struct Function: Encodable, Sendable {
            var name: String
            var description: String
            var parameters: JSONValue
        }

        var type = "function"
        var function: Function
    }

    struct Request: Encodable, Sendable {
        var model: String
        var messages: [Message]
        var stream = true
        var temperature: Double?
        var maxTokens: Int?
        var tools: [Tool]?

        enum CodingKeys: String, CodingKey {
            case model, messages, stream, temperature, tools
            case maxTokens = "max_tokens"
        }
    }

    /// One streamed chunk (`data:` payload).
    struct Chunk: Decodable, Sendable {
        struct Choice: Decodable, Sendable {
            struct Delta: Decodable, Sendable {
                struct ToolCallDelta: Decodable, Sendable {
                    struct Function: Decodable, Sendable {
                        var name: String?
                        var arguments: String?
                    }

                    var index: Int
                    var id: String?
                    var function: Function?
                }

                var content: String?
                var toolCalls: [ToolCallDelta]?

                enum CodingKeys: String, CodingKey {
                    case content
                    case toolCalls = "tool_calls"
                }
            }

            var delta: Delta?
            var finishReason: String?

            enum CodingKeys: String, CodingKey {
                case delta
                case finishReason = "finish_reason"
            }
        }

        var choices: [Choice]
    }

    /// An error body: `{"error": {"message": …}}`.
    struct ErrorBody: Decodable, Sendable {
        struct Detail: Decodable, Sendable {
            var message: String?
        }

        var error: Detail?
    }
}
