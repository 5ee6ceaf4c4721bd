/// An outbound call to place with `POST /2010-04-01/Accounts/{AccountSid}/Calls.json`.
public struct TwilioCallRequest: Sendable {
    /// What Twilio does when the call is answered.
    public enum Instructions: Sendable {
        /// Inline TwiML.
        case twiml(TwiMLResponse)
        /// A URL Twilio requests for TwiML on answer. Use it to bind a stream token to the call
        /// SID, which is unknown before the call is created.
        case url(String)
    }

    /// Answering-machine detection (`MachineDetection`).
    public enum MachineDetection: String, Sendable {
        /// Decide human or machine as soon as possible.
        case enable = "Enable"
        /// Wait for the end of the greeting (to leave a message after the beep).
        case detectMessageEnd = "DetectMessageEnd"
    }

    /// E.164 number (or SIP URI) to call.
    public var to: String
    /// The caller ID: a number of the Twilio account.
    public var from: String
    public var instructions: Instructions
    /// Where Twilio posts call progress (sign and check it like any webhook).
    public var statusCallback: String?
    /// Progress events posted to `statusCallback`.
    public var statusCallbackEvents: [String] = ["initiated", "ringing", "answered", "completed"]
    /// Seconds to let the phone ring (Twilio's default is 60, its maximum 600).
    public var timeoutSeconds: Int?
    public var machineDetection: MachineDetection?
    /// Run detection alongside the call instead of before connecting it.
    public var asyncMachineDetection = false
    /// Where the asynchronous detection result is posted.
    public var asyncMachineDetectionCallback: String?

    public init(to: String, from: String, instructions: Instructions) {
        self.to = to
        self.from = from
        self.instructions = instructions
    }

    /// The form fields, in Twilio's names.
    public var formFields: [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = [("To", to), ("From", from)]
        switch instructions {
        case .twiml(let twiml): fields.append(("Twiml", twiml.xml))
        case .url(let url): fields.append(("Url", url))
        }
        if let statusCallback {
            fields.append(("StatusCallback", statusCallback))
            fields.append(("StatusCallbackMethod", "POST"))
            for event in statusCallbackEvents { fields.append(("StatusCallbackEvent", event)) }
        }
        if let timeoutSeconds { fields.append(("Timeout", String(timeoutSeconds))) }
        if let machineDetection {
            fields.append(("MachineDetection", machineDetection.rawValue))
            if asyncMachineDetection {
                fields.append(("AsyncAmd", "true"))
                if let asyncMachineDetectionCallback {
                    fields.append(("AsyncAmdStatusCallback", asyncMachineDetectionCallback))
                    fields.append(("AsyncAmdStatusCallbackMethod", "POST"))
                }
            }
        }
        return fields
    }
}
