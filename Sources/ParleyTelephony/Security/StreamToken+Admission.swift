extension StreamToken {
    /// Admits a stream at its `start` event: the token in `customParameters` must verify for
    /// this call and not have opened a stream before (it is spent in `replayGuard`).
    /// The returned claims name the org and agent the stream may reach.
    public func admit(_ start: TwilioStartInfo, replayGuard: StreamTokenReplayGuard) throws(StreamTokenError) -> StreamTokenClaims {
        guard let token = start.customParameters[Self.parameterName], !token.isEmpty else {
            throw StreamTokenError(.malformed, "the start event carries no \"\(Self.parameterName)\" parameter")
        }
        let claims = try verify(token, callSid: start.callSid)
        try replayGuard.claim(claims)
        return claims
    }
}
