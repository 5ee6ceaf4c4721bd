/// Agents that ship with Parley, as JSON so they double as documentation and test fixtures.
enum BuiltInAgents {
    static let json: [String: String] = ["demo": demo]

    /// A dental practice receptionist: greeting, booking (day, time, name, yes/no
    /// confirmation), opening hours, location, front-desk transfer and goodbye.
    static let demo = #"""
    {
      "name": "Ava",
      "organisation": "Parley Dental",
      "language": "en-US",
      "voice": "en_US-amy-medium",
      "providers": {
        "stt": [{"provider": "parley-speech"}],
        "tts": [{"provider": "parley-speech"}, {"provider": "flite"}],
        "turn": [{"provider": "parley-speech"}, {"provider": "silence"}]
      },
      "endCallPhrases": [],
      "silence": {"repromptAfterMs": 7000, "repromptText": "Are you still there?", "maxReprompts": 2, "hangUpAfterMs": 30000},
      "maxDurationSeconds": 900,
      "interruptions": {"enabled": true, "minSpeechMs": 120, "backchannelWords": ["yeah", "uh-huh", "right", "okay", "mm-hmm"]},
      "endpointing": {"minSilenceMs": 300, "maxSilenceMs": 1500},
      "variables": {"caller_number": ""},
      "recordingEnabled": false,
      "brain": {
        "type": "flow",
        "flow": {
          "start": "greeting",
          "fallback": "transfer_human",
          "variables": {"business": "Parley Dental", "front_desk": "sip:frontdesk@parley-dental.example"},
          "noMatch": {"message": "Sorry, I didn't catch that.", "max": 3, "fallback": "transfer_human"},
          "noInput": {"message": "Are you still there?", "max": 3, "fallback": "no_input_end"},
          "intents": [
            {"name": "book",
             "phrases": ["appointment", "book", "booking", "schedule", "reservation", "checkup", "check up", "cleaning", "see the dentist", "see a dentist", "come in", "get in", "any openings", "availability", "toothache", "tooth ache", "emergency"],
             "examples": ["I'd like to book an appointment", "can I make a booking", "I need to see someone about my teeth"]},
            {"name": "hours",
             "phrases": ["hours", "open", "opening", "close", "closing", "closed", "what time do you"],
             "examples": ["what are your opening hours", "when are you open", "are you open on saturday"]},
            {"name": "change",
             "phrases": ["cancel", "reschedule", "change my appointment", "move my appointment", "change the appointment", "move the appointment"],
             "examples": ["I can't make my appointment"]},
            {"name": "location",
             "phrases": ["address", "located", "location", "directions", "where are you", "parking", "get there", "find you"],
             "examples": ["where are you", "how do I find you"]},
            {"name": "human",
             "phrases": ["human", "person", "operator", "receptionist", "representative", "someone", "somebody", "front desk", "staff", "real person", "agent"],
             "patterns": ["\\b(talk|speak) (to|with) (an? |the )?(doctor|dentist|hygienist|manager)\\b"],
             "examples": ["let me talk to a person", "can I speak to someone"]},
            {"name": "goodbye",
             "phrases": ["bye", "goodbye", "good bye", "that's all", "that is all", "nothing else", "no thanks", "no thank you", "hang up"],
             "examples": ["that's everything thanks bye"]},
            {"name": "repeat",
             "phrases": ["repeat", "say that again", "come again", "pardon", "what did you say", "didn't hear", "one more time"]},
            {"name": "affirm", "phrases": ["yes", "yeah", "yep", "sure", "please", "there is"]},
            {"name": "deny", "phrases": ["no", "nope", "nah", "that's it", "nothing", "i'm good", "all good"]}
          ],
          "globalRoutes": [
            {"intent": "human", "dtmf": "0", "next": "transfer_human"},
            {"intent": "goodbye", "next": "goodbye"},
            {"intent": "repeat", "dtmf": "*", "action": "repeat"}
          ],
          "nodes": [
            {"id": "greeting", "type": "say",
             "text": "Thanks for calling {{business}}! I'm Ava, the practice's AI assistant.", "next": "menu"},
            {"id": "menu", "type": "ask",
             "prompt": "I can book an appointment, tell you our opening hours or where we are, or put you through to the front desk. How can I help?",
             "reprompt": "You can say book an appointment, opening hours, location or front desk. Or press 1 to book, 2 for hours, 3 for our address, or 0 for the front desk.",
             "routes": [
               {"intent": "change", "next": "change_booking"},
               {"intent": "book", "dtmf": "1", "next": "ask_day"},
               {"intent": "hours", "dtmf": "2", "next": "hours"},
               {"intent": "location", "dtmf": "3", "next": "location"}
             ]},
            {"id": "hours", "type": "say",
             "text": "We're open Monday to Friday from 8 AM to 6 PM, and Saturday from 9 AM to 1 PM. We're closed on Sundays.",
             "next": "anything_else"},
            {"id": "location", "type": "say",
             "text": "We're at 12 Harbour Street, next to the library, with free parking behind the building.",
             "next": "anything_else"},
            {"id": "anything_else", "type": "ask",
             "prompt": "Is there anything else I can help with?",
             "routes": [
               {"intent": "change", "next": "change_booking"},
               {"intent": "book", "dtmf": "1", "next": "ask_day"},
               {"intent": "hours", "dtmf": "2", "next": "hours"},
               {"intent": "location", "dtmf": "3", "next": "location"},
               {"intent": "deny", "next": "goodbye"},
               {"intent": "affirm", "next": "menu"}
             ]},
            {"id": "ask_day", "type": "ask",
             "prompt": "Sure. What day would you like to come in?",
             "reprompt": "What day would you like to come in?",
             "slot": {"name": "day", "type": "date", "maxRetries": 3,
                      "invalidMessage": "Sorry, I didn't catch the day. You can say a weekday like Tuesday, or a date like November 25th."},
             "next": "ask_time"},
            {"id": "ask_time", "type": "ask",
             "prompt": "And what time on {{day_spoken}}?",
             "slot": {"name": "time", "type": "time", "maxRetries": 3,
                      "invalidMessage": "Sorry, what time was that? For example, 10 AM or 3:30 PM."},
             "next": "ask_name"},
            {"id": "ask_name", "type": "ask",
             "prompt": "And what's your name, please?",
             "slot": {"name": "patient_name", "type": "name", "maxLength": 80},
             "next": "confirm"},
            {"id": "confirm", "type": "ask",
             "prompt": "Just to confirm: an appointment for {{patient_name}} on {{day_spoken}} at {{time_spoken}}. Is that right?",
             "slot": {"name": "confirmed", "type": "yesno", "invalidMessage": "Sorry, was that a yes or a no?"},
             "next": "check_confirmed"},
            {"id": "check_confirmed", "type": "branch",
             "conditions": [{"variable": "confirmed", "equals": true, "next": "booked"}],
             "else": "start_over"},
            {"id": "booked", "type": "say",
             "text": "You're all set, {{patient_name}}: {{day_spoken}} at {{time_spoken}}. We'll see you then!",
             "next": "anything_else"},
            {"id": "change_booking", "type": "say",
             "text": "The front desk can change or cancel appointments for you.", "next": "transfer_human"},
            {"id": "start_over", "type": "say", "text": "No problem, let's try that again.", "next": "ask_day"},
            {"id": "transfer_human", "type": "transfer", "target": "{{front_desk}}",
             "message": "Of course. Let me put you through to the front desk, one moment."},
            {"id": "goodbye", "type": "end", "reason": "caller_goodbye",
             "message": "Thanks for calling {{business}}. Goodbye!"},
            {"id": "no_input_end", "type": "end", "reason": "no_input",
             "message": "I haven't heard anything, so I'll hang up now. Please call back any time. Goodbye."}
          ]
        }
      }
    }
    """#
}
