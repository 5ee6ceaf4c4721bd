import Testing
@testable import ParleyTelephony

@Suite struct TwilioRESTClientTests {
    typealias Fake = FakeTwilioRESTServer
    let accountSid = TwilioFrames.accountSid
    let callSid = TwilioFrames.callSid

    func client(_ base: String, token: String = "secret-token", timeout: Duration = .seconds(15)) -> TwilioRESTClient {
        var configuration = TwilioRESTClient.Configuration(baseURL: base)
        configuration.requestTimeout = timeout
        return TwilioRESTClient(credentials: TwilioCredentials(accountSid: accountSid, authToken: token), configuration: configuration)
    }

    func code(_ body: () async throws(TwilioRESTError) -> Void) async -> TwilioRESTError? {
        do {
            try await body()
            return nil
        } catch {
            return error
        }
    }

    @Test func createsACallWithEveryField() async throws {
        let fake = Fake(accountSid: accountSid, authToken: "secret-token", answers: [.call(sid: callSid, status: "queued")])
        let twiml = TwiMLResponse([.say("Hi & bye"), .hangup])
        try await fake.run { base in
            var call = TwilioCallRequest(to: "+15550100", from: "+15550199", instructions: .twiml(twiml))
            call.statusCallback = "https://parley.example/v1/twilio/status?c=1"
            call.timeoutSeconds = 25
            call.machineDetection = .detectMessageEnd
            call.asyncMachineDetection = true
            call.asyncMachineDetectionCallback = "https://parley.example/v1/twilio/amd"
            let resource = try await client(base).createCall(call)
            #expect(resource == TwilioCallResource(sid: callSid, status: "queued", to: "+15550100", from: "+15550199", direction: "outbound-api"))
        }
        let request = try #require(fake.requests.first)
        #expect(request.path == "/2010-04-01/Accounts/\(accountSid)/Calls.json")
        #expect(request.contentType == "application/x-www-form-urlencoded")
        #expect(request.value("To") == "+15550100")
        #expect(request.value("From") == "+15550199")
        #expect(request.value("Twiml") == twiml.xml)
        #expect(request.value("StatusCallback") == "https://parley.example/v1/twilio/status?c=1")
        #expect(request.values("StatusCallbackEvent") == ["initiated", "ringing", "answered", "completed"])
        #expect(request.value("Timeout") == "25")
        #expect(request.value("MachineDetection") == "DetectMessageEnd")
        #expect(request.value("AsyncAmd") == "true")
        #expect(request.value("AsyncAmdStatusCallback") == "https://parley.example/v1/twilio/amd")
    }

    @Test func hangsUpAndRedirects() async throws {
        let fake = Fake(accountSid: accountSid, authToken: "secret-token", answers: [
            .call(sid: callSid, status: "completed"), .call(sid: callSid, status: "in-progress"),
        ])
        let transfer = TwiMLResponse([.dial("+15550123")])
        try await fake.run { base in
            let hungUp = try await client(base).hangUp(callSid: callSid)
            #expect(hungUp.status == "completed")
            let redirected = try await client(base).redirect(callSid: callSid, twiml: transfer)
            #expect(redirected.status == "in-progress")
        }
        let requests = fake.requests
        #expect(requests.map(\.path) == Array(repeating: "/2010-04-01/Accounts/\(accountSid)/Calls/\(callSid).json", count: 2))
        #expect(requests.first?.fields.map(\.name) == ["Status"])
        #expect(requests.first?.value("Status") == "completed")
        #expect(requests.last?.value("Twiml") == transfer.xml)
    }

    @Test func wrongCredentialsAreUnauthorized() async throws {
        let fake = Fake(accountSid: accountSid, authToken: "secret-token", answers: [])
        try await fake.run { base in
            let error = await code { () async throws(TwilioRESTError) in _ = try await client(base, token: "wrong").hangUp(callSid: callSid) }
            #expect(error?.code == .unauthorized)
            #expect(error?.httpStatus == 401)
            #expect(error?.twilioCode == 20003)
            #expect(error?.message == "Authenticate")
        }
        #expect(fake.requests.isEmpty)
    }

    @Test(arguments: [
        (400, 21211, TwilioRESTError.Code.rejected),
        (404, 20404, .notFound),
        (429, 20429, .rateLimited),
        (503, 20500, .unavailable),
    ])
    func mapsTwilioErrors(status: Int, twilioCode: Int, expected: TwilioRESTError.Code) async throws {
        let fake = Fake(accountSid: accountSid, authToken: "secret-token", answers: [.error(status: status, code: twilioCode, message: "The 'To' number is not valid.")])
        try await fake.run { base in
            let error = await code { () async throws(TwilioRESTError) in
                _ = try await client(base).createCall(TwilioCallRequest(to: "+1", from: "+15550199", instructions: .url("https://h/answer")))
            }
            #expect(error?.code == expected)
            #expect(error?.httpStatus == status)
            #expect(error?.twilioCode == twilioCode)
            #expect(error?.message == "The 'To' number is not valid.")
            #expect(error?.moreInfo == "https://www.twilio.com/docs/errors/\(twilioCode)")
        }
        #expect(fake.requests.first?.value("Url") == "https://h/answer")
    }

    @Test func malformedSuccessBody() async throws {
        let fake = Fake(accountSid: accountSid, authToken: "secret-token", answers: [.garbage])
        try await fake.run { base in
            let error = await code { () async throws(TwilioRESTError) in _ = try await client(base).hangUp(callSid: callSid) }
            #expect(error?.code == .malformedResponse)
        }
    }

    @Test func refusesSidsThatWouldChangeThePath() async {
        let error = await code { () async throws(TwilioRESTError) in
            _ = try await client("http://127.0.0.1:9").hangUp(callSid: "CA1/../../Other")
        }
        #expect(error?.code == .invalidRequest)
    }

    @Test func unreachableServerIsATransportError() async {
        // Port 9 (discard) on loopback is closed in test environments: connecting is refused, and
        // the client's connection pool retries until the request deadline.
        let error = await code { () async throws(TwilioRESTError) in
            _ = try await client("http://127.0.0.1:9", timeout: .milliseconds(300)).hangUp(callSid: callSid)
        }
        #expect(error?.code == .transport)
    }
}
