/// One Twilio account's API credentials (an org secret, decrypted only to make a request).
public struct TwilioCredentials: Sendable, Equatable {
    public var accountSid: String
    public var authToken: String

    public init(accountSid: String, authToken: String) {
        self.accountSid = accountSid
        self.authToken = authToken
    }
}
