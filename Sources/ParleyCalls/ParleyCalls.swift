/// Calls and what they run: stored agents (versioned), phone numbers, call records,
/// transcripts and recordings. Every repository call takes the org; another org's
/// resource is "not found", never its data.
public enum ParleyCalls {}
