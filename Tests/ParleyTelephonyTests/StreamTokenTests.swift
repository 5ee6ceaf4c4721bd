import Crypto
import Testing
@testable import ParleyTelephony

@Suite struct StreamTokenTests {
    let key = SymmetricKey(data: [UInt8](repeating: 7, count: 32))
    let callSid = TwilioFrames.callSid

    func code(_ body: () throws(StreamTokenError) -> Void) -> StreamTokenError.Code? {
        do {
            try body()
            return nil
        } catch {
            return error.code
        }
    }

    @Test func issuesAndVerifies() throws {
        let clock = TestClock()
        let tokens = StreamToken(key: key, lifetime: .seconds(60), clock: clock)
        let token = try tokens.issue(callSid: callSid, orgID: "org_1", agentID: "agt_1")
        #expect(token.hasPrefix("v1."))
        #expect(!token.contains("+") && !token.contains("/") && !token.contains("="))
        let claims = try tokens.verify(token, callSid: callSid)
        #expect(claims.orgID == "org_1")
        #expect(claims.agentID == "agt_1")
        #expect(claims.expiresAt == clock.nowSeconds() + 60)
        #expect(claims.nonce.count >= 20)
        let other = try tokens.issue(callSid: callSid, orgID: "org_1", agentID: "agt_1")
        #expect(try tokens.verify(other, callSid: callSid).nonce != claims.nonce)
    }

    @Test func expires() throws {
        let clock = TestClock()
        let tokens = StreamToken(key: key, lifetime: .seconds(60), clock: clock)
        let token = try tokens.issue(callSid: callSid, orgID: "org_1", agentID: "agt_1")
        clock.advance(seconds: 59)
        _ = try tokens.verify(token, callSid: callSid)
        clock.advance(seconds: 1)
        #expect(code { () throws(StreamTokenError) in _ = try tokens.verify(token, callSid: callSid) } == .expired)
    }

    @Test func bindsTheCall() throws {
        let tokens = StreamToken(key: key, clock: TestClock())
        let token = try tokens.issue(callSid: callSid, orgID: "org_1", agentID: "agt_1")
        #expect(code { () throws(StreamTokenError) in _ = try tokens.verify(token, callSid: "CA999") } == .wrongCall)
    }

    @Test func refusesTamperingAndOtherKeys() throws {
        let clock = TestClock()
        let tokens = StreamToken(key: key, clock: clock)
        let token = try tokens.issue(callSid: callSid, orgID: "org_1", agentID: "agt_1")
        // Swap in claims for another org and agent, keeping the original MAC.
        let forged = try StreamToken(key: SymmetricKey(size: .bits256), clock: clock)
            .issue(StreamTokenClaims(callSid: callSid, orgID: "org_2", agentID: "agt_9", expiresAt: clock.nowSeconds() + 60, nonce: "n"))
        let mixed = forged.split(separator: ".")[0...1].joined(separator: ".") + "." + token.split(separator: ".")[2]
        #expect(code { () throws(StreamTokenError) in _ = try tokens.verify(mixed, callSid: callSid) } == .badSignature)
        #expect(code { () throws(StreamTokenError) in _ = try tokens.verify(forged, callSid: callSid) } == .badSignature)
        var bytes = Array(token.utf8)
        bytes[10] = bytes[10] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        let flipped = String(decoding: bytes, as: UTF8.self)
        let flippedCode = code { () throws(StreamTokenError) in _ = try tokens.verify(flipped, callSid: callSid) }
        #expect(flippedCode == .badSignature || flippedCode == .malformed)
    }

    @Test(arguments: ["", "v1.", "v1.a", "v1.a.b.c", "v2.AAAA.AAAA", "v1.!!!!.AAAA", "v1.AAAA.AAAA"])
    func refusesMalformedTokens(token: String) {
        let tokens = StreamToken(key: key, clock: TestClock())
        #expect(code { () throws(StreamTokenError) in _ = try tokens.verify(token, callSid: callSid) } == .malformed)
    }

    @Test func previousKeysStillVerify() throws {
        let clock = TestClock()
        let old = StreamToken(key: key, clock: clock)
        let token = try old.issue(callSid: callSid, orgID: "org_1", agentID: "agt_1")
        let rotated = StreamToken(key: SymmetricKey(size: .bits256), previousKeys: [key], clock: clock)
        #expect(try rotated.verify(token, callSid: callSid).agentID == "agt_1")
        let dropped = StreamToken(key: SymmetricKey(size: .bits256), clock: clock)
        #expect(code { () throws(StreamTokenError) in _ = try dropped.verify(token, callSid: callSid) } == .badSignature)
    }

    @Test func refusesClaimsThatCannotBeEncoded() {
        let tokens = StreamToken(key: key, clock: TestClock())
        #expect(code { () throws(StreamTokenError) in _ = try tokens.issue(callSid: "", orgID: "o", agentID: "a") } == .invalidClaims)
        #expect(code { () throws(StreamTokenError) in _ = try tokens.issue(callSid: "CA1", orgID: "o\nx", agentID: "a") } == .invalidClaims)
    }
}

@Suite struct StreamTokenReplayGuardTests {
    func claims(_ nonce: String, expiresAt: Int64) -> StreamTokenClaims {
        StreamTokenClaims(callSid: "CA1", orgID: "org_1", agentID: "agt_1", expiresAt: expiresAt, nonce: nonce)
    }

    @Test func aTokenOpensOneStream() throws {
        let clock = TestClock()
        let guardian = StreamTokenReplayGuard(clock: clock)
        let first = claims("n1", expiresAt: clock.nowSeconds() + 60)
        try guardian.claim(first)
        #expect(throws: StreamTokenError(.replayed, "the stream token was already used to open a stream")) {
            try guardian.claim(first)
        }
        try guardian.claim(claims("n2", expiresAt: clock.nowSeconds() + 60))
    }

    @Test func forgetsExpiredTokens() throws {
        let clock = TestClock()
        let guardian = StreamTokenReplayGuard(clock: clock)
        for index in 0..<10 { try guardian.claim(claims("n\(index)", expiresAt: clock.nowSeconds() + 60)) }
        #expect(guardian.count == 10)
        clock.advance(seconds: 61)
        try guardian.claim(claims("fresh", expiresAt: clock.nowSeconds() + 60))
        #expect(guardian.count == 1)
        // An expired token is refused as expired, never stored.
        do {
            try guardian.claim(claims("old", expiresAt: clock.nowSeconds()))
            Issue.record("accepted an expired token")
        } catch {
            #expect(error.code == .expired)
        }
    }

    @Test func refusesWhenFullOfLiveTokens() throws {
        let clock = TestClock()
        let guardian = StreamTokenReplayGuard(clock: clock, capacity: 3)
        for index in 0..<3 { try guardian.claim(claims("n\(index)", expiresAt: clock.nowSeconds() + 60)) }
        do {
            try guardian.claim(claims("n3", expiresAt: clock.nowSeconds() + 60))
            Issue.record("accepted beyond capacity")
        } catch {
            #expect(error.code == .replayGuardFull)
        }
        clock.advance(seconds: 60)
        try guardian.claim(claims("n4", expiresAt: clock.nowSeconds() + 60))
    }

    @Test func concurrentClaimsOfOneTokenLetExactlyOneThrough() async {
        let clock = TestClock()
        let guardian = StreamTokenReplayGuard(clock: clock)
        let token = claims("shared", expiresAt: clock.nowSeconds() + 60)
        let successes = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<32 {
                group.addTask { (try? guardian.claim(token)) != nil }
            }
            var count = 0
            for await success in group where success { count += 1 }
            return count
        }
        #expect(successes == 1)
    }
}

@Suite struct StreamTokenAdmissionTests {
    let key = SymmetricKey(data: [UInt8](repeating: 9, count: 32))

    func start(callSid: String = TwilioFrames.callSid, parameters: [String: String]) -> TwilioStartInfo {
        TwilioStartInfo(
            accountSid: TwilioFrames.accountSid, callSid: callSid, streamSid: TwilioFrames.streamSid,
            tracks: ["inbound"], customParameters: parameters, mediaFormat: .muLaw8kMono)
    }

    func code(_ body: () throws(StreamTokenError) -> Void) -> StreamTokenError.Code? {
        do {
            try body()
            return nil
        } catch {
            return error.code
        }
    }

    @Test func admitsOnceAndIgnoresAnAgentParameter() throws {
        let clock = TestClock()
        let tokens = StreamToken(key: key, clock: clock)
        let replayGuard = StreamTokenReplayGuard(clock: clock)
        let token = try tokens.issue(callSid: TwilioFrames.callSid, orgID: "org_1", agentID: "agt_1")
        // A caller-controlled `agent` parameter does not change what the token grants.
        let info = start(parameters: ["token": token, "agent": "agt_other_org"])
        let claims = try tokens.admit(info, replayGuard: replayGuard)
        #expect(claims.agentID == "agt_1")
        #expect(claims.orgID == "org_1")
        #expect(code { () throws(StreamTokenError) in _ = try tokens.admit(info, replayGuard: replayGuard) } == .replayed)
    }

    @Test func refusesMissingForeignAndExpiredTokens() throws {
        let clock = TestClock()
        let tokens = StreamToken(key: key, clock: clock)
        let replayGuard = StreamTokenReplayGuard(clock: clock)
        #expect(code { () throws(StreamTokenError) in _ = try tokens.admit(start(parameters: ["agent": "demo"]), replayGuard: replayGuard) } == .malformed)
        let token = try tokens.issue(callSid: TwilioFrames.callSid, orgID: "org_1", agentID: "agt_1")
        #expect(code { () throws(StreamTokenError) in
            _ = try tokens.admit(start(callSid: "CA00000000000000000000000000000002", parameters: ["token": token]), replayGuard: replayGuard)
        } == .wrongCall)
        clock.advance(seconds: 61)
        #expect(code { () throws(StreamTokenError) in _ = try tokens.admit(start(parameters: ["token": token]), replayGuard: replayGuard) } == .expired)
        #expect(replayGuard.count == 0)
    }
}
