import Foundation
import Testing
@testable import ParleyVoice

@Suite struct JSONValueTests {
    @Test func roundTripsEveryKind() throws {
        let value: JSONValue = ["a": nil, "b": true, "c": 3, "d": 2.5, "e": "x", "f": [1, "two", ["g": false]]]
        let data = try JSONEncoder().encode(value)
        #expect(try JSONDecoder().decode(JSONValue.self, from: data) == value)
    }

    @Test func decodesBooleansAsBooleansNotNumbers() throws {
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(#"[true, 1, 0, "1"]"#.utf8))
        #expect(value == .array([.bool(true), .number(1), .number(0), .string("1")]))
    }

    @Test(arguments: [
        (JSONValue.null, ""), (.bool(true), "true"), (.number(3), "3"), (.number(-2), "-2"),
        (.number(2.5), "2.5"), (.string("hi"), "hi"), (.array([1, "a"]), "1, a"),
        (.object(["b": 1, "a": "x"]), #"{"a": "x", "b": 1}"#),
    ])
    func textForTemplates(value: JSONValue, text: String) {
        #expect(value.text == text)
    }

    @Test func accessors() {
        let value: JSONValue = ["name": "Ava", "n": 2, "ok": true]
        #expect(value["name"]?.stringValue == "Ava")
        #expect(value["n"]?.numberValue == 2)
        #expect(value["ok"]?.boolValue == true)
        #expect(value["missing"] == nil)
        #expect(JSONValue.string("x")["name"] == nil)
    }
}
