import Testing
@testable import ParleyVoice

@Suite struct JSONSchemaValidatorTests {
    static let booking: JSONValue = [
        "type": "object",
        "properties": [
            "date": ["type": "string", "description": "YYYY-MM-DD"],
            "party": ["type": "integer"],
            "deposit": ["type": "number"],
            "vip": ["type": "boolean"],
            "room": ["type": "string", "enum": ["garden", "hall"]],
            "guests": ["type": "array", "items": [
                "type": "object", "properties": ["name": ["type": "string"]], "required": ["name"],
            ]],
        ],
        "required": ["date", "party"],
    ]

    func violation(_ value: JSONValue, _ schema: JSONValue = booking) -> JSONSchemaViolation? {
        do {
            try JSONSchemaValidator.validate(value, against: schema)
            return nil
        } catch {
            return error
        }
    }

    @Test func acceptsMatchingArguments() {
        #expect(violation(["date": "2025-06-01", "party": 4]) == nil)
        #expect(violation([
            "date": "2025-06-01", "party": 4.0, "deposit": 12.5, "vip": true, "room": "hall",
            "guests": [["name": "Ana"], ["name": "Bo", "age": 7]], "note": "unknown members are allowed",
        ]) == nil)
    }

    @Test(arguments: [
        (["party": 4] as JSONValue, JSONSchemaViolation.Code.missingRequired, "date"),
        (["date": "x", "party": .null], .missingRequired, "party"),
        (["date": 20250601, "party": 4], .wrongType, "date"),
        (["date": "x", "party": 4.5], .wrongType, "party"),
        (["date": "x", "party": "4"], .wrongType, "party"),
        (["date": "x", "party": 4, "deposit": "ten"], .wrongType, "deposit"),
        (["date": "x", "party": 4, "vip": "yes"], .wrongType, "vip"),
        (["date": "x", "party": 4, "room": "attic"], .notInEnum, "room"),
        (["date": "x", "party": 4, "guests": "Ana"], .wrongType, "guests"),
        (["date": "x", "party": 4, "guests": [["name": "Ana"], ["age": 3]]], .missingRequired, "guests[1].name"),
        (["date": "x", "party": 4, "guests": [["name": 5]]], .wrongType, "guests[0].name"),
        ("not an object", .wrongType, ""),
    ] as [(JSONValue, JSONSchemaViolation.Code, String)])
    func namesTheBadArgument(value: JSONValue, code: JSONSchemaViolation.Code, path: String) throws {
        let found = try #require(violation(value))
        #expect(found.code == code)
        #expect(found.path == path)
    }

    @Test func closedObjectsRefuseUnknownMembers() throws {
        let schema: JSONValue = ["type": "object", "properties": ["a": ["type": "string"]], "additionalProperties": false]
        #expect(violation(["a": "x"], schema) == nil)
        let found = try #require(violation(["a": "x", "b": 1], schema))
        #expect(found.code == .unexpectedProperty && found.path == "b")
    }

    @Test func messagesSayWhatWasExpected() throws {
        let found = try #require(violation(["date": "x", "party": "four"]))
        #expect(found.description == #"party: expected an integer, got string "four""#)
    }

    @Test func schemaChecksNameTheirPath() {
        #expect(JSONSchemaValidator.schemaProblems(Self.booking).isEmpty)
        #expect(JSONSchemaValidator.schemaProblems(["type": "object", "properties": [:]]).isEmpty)
        let paths = JSONSchemaValidator.schemaProblems([
            "type": "object",
            "properties": ["a": ["type": "str"], "b": ["type": "integer", "enum": [1, "two"]], "c": "string"],
            "required": ["a", "z", 3],
        ]).map(\.path)
        #expect(paths == ["properties.a.type", "properties.b.enum[1]", "properties.c", "required[1]", "required[2]"])
        #expect(JSONSchemaValidator.schemaProblems("object").map(\.path) == [""])
        #expect(JSONSchemaValidator.schemaProblems(["type": "array", "items": ["type": "string"]]).map(\.path) == ["type", "properties"])
    }
}
