import AsyncHTTPClient
import Foundation
import NIOCore

/// Twilio's Voice REST API, as far as Parley needs it: place a call, hang it up, redirect it.
public struct TwilioRESTClient: Sendable {
    public struct Configuration: Sendable {
        /// Twilio's API host; tests point it at a local fake.
        public var baseURL = "https://api.twilio.com"
        /// Whole-request deadline.
        public var requestTimeout: Duration = .seconds(15)
        /// Largest response body read.
        public var maxResponseBytes = 1 << 20

        public init(baseURL: String = "https://api.twilio.com") {
            self.baseURL = baseURL
        }
    }

    /// Twilio's error body.
    private struct ErrorBody: Decodable {
        var code: Int?
        var message: String?
        var more_info: String?
        var status: Int?
    }

    public let credentials: TwilioCredentials
    public let configuration: Configuration
    private let httpClient: HTTPClient

    public init(credentials: TwilioCredentials, configuration: Configuration = Configuration(), httpClient: HTTPClient = .shared) {
        self.credentials = credentials
        self.configuration = configuration
        self.httpClient = httpClient
    }

    /// Places an outbound call; returns its SID and initial status.
    public func createCall(_ call: TwilioCallRequest) async throws(TwilioRESTError) -> TwilioCallResource {
        guard !call.to.isEmpty, !call.from.isEmpty else {
            throw TwilioRESTError(.invalidRequest, "an outbound call needs To and From")
        }
        return try await post(try callsPath(nil), fields: call.formFields)
    }

    /// Ends a live call (`Status=completed`).
    public func hangUp(callSid: String) async throws(TwilioRESTError) -> TwilioCallResource {
        try await post(try callsPath(callSid), fields: [("Status", "completed")])
    }

    /// Replaces what a live call is doing with `twiml` (a blind transfer is a `<Dial>`).
    public func redirect(callSid: String, twiml: TwiMLResponse) async throws(TwilioRESTError) -> TwilioCallResource {
        try await post(try callsPath(callSid), fields: [("Twiml", twiml.xml)])
    }

    private func callsPath(_ callSid: String?) throws(TwilioRESTError) -> String {
        guard Self.isSid(credentials.accountSid) else {
            throw TwilioRESTError(.invalidRequest, "the account SID is not a Twilio SID")
        }
        guard let callSid else { return "/2010-04-01/Accounts/\(credentials.accountSid)/Calls.json" }
        guard Self.isSid(callSid) else {
            throw TwilioRESTError(.invalidRequest, "\"\(callSid.prefix(40))\" is not a Twilio call SID")
        }
        return "/2010-04-01/Accounts/\(credentials.accountSid)/Calls/\(callSid).json"
    }

    /// Letters and digits only, so a SID can never change the request path.
    static func isSid(_ value: String) -> Bool {
        (2...64).contains(value.utf8.count) && value.utf8.allSatisfy { byte in
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
        }
    }

    private func post(_ path: String, fields: [(name: String, value: String)]) async throws(TwilioRESTError) -> TwilioCallResource {
        var request = HTTPClientRequest(url: configuration.baseURL + path)
        request.method = .POST
        let basic = Base64.encode(Array("\(credentials.accountSid):\(credentials.authToken)".utf8))
        request.headers.add(name: "Authorization", value: "Basic \(basic)")
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Accept", value: "application/json")
        request.body = .bytes(ByteBuffer(string: FormURLEncoding.encode(fields)))

        let status: Int
        let body: ByteBuffer
        do {
            let timeout = TimeAmount.nanoseconds(Int64(configuration.requestTimeout.wholeMicroseconds) * 1_000)
            let response = try await httpClient.execute(request, timeout: timeout)
            status = Int(response.status.code)
            body = try await response.body.collect(upTo: configuration.maxResponseBytes)
        } catch {
            throw TwilioRESTError(.transport, "Twilio could not be reached: \(error)")
        }
        let data = Data(body.readableBytesView)
        guard (200..<300).contains(status) else { throw Self.failure(status: status, body: data) }
        do {
            return try JSONDecoder().decode(TwilioCallResource.self, from: data)
        } catch {
            throw TwilioRESTError(.malformedResponse, "Twilio's answer is not a call resource", httpStatus: status)
        }
    }

    static func failure(status: Int, body: Data) -> TwilioRESTError {
        let decoded = try? JSONDecoder().decode(ErrorBody.self, from: body)
        let message = decoded?.message.map { String($0.prefix(300)) } ?? "HTTP \(status) without a Twilio error body"
        let code: TwilioRESTError.Code =
            switch status {
            case 401, 403: .unauthorized
            case 404: .notFound
            case 429: .rateLimited
            case 500...: .unavailable
            default: .rejected
            }
        return TwilioRESTError(code, message, httpStatus: status, twilioCode: decoded?.code, moreInfo: decoded?.more_info)
    }
}
