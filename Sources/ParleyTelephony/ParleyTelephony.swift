/// Phone transports: Twilio Media Streams, TwiML, Twilio's REST API and the
/// browser WebSocket transport. Protocol code here is pure (no sockets): the
/// server feeds it frames and sends what it returns.
public enum ParleyTelephony {}
