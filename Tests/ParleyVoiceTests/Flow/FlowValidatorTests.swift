import Foundation
import Testing
@testable import ParleyVoice

@Suite struct FlowValidatorTests {
    func problems(_ json: String, knownVariables: Set<String> = []) -> [FlowProblem] {
        do {
            _ = try FlowValidator.load(json: json, knownVariables: knownVariables)
            return []
        } catch {
            return error.problems
        }
    }

    func codes(_ json: String) -> [FlowProblem.Code] {
        problems(json).map(\.code)
    }

    @Test func demoFlowIsClean() throws {
        #expect(FlowValidator.validate(try demoFlow(), knownVariables: ["agent_name", "organisation", "caller_number"]).isEmpty)
    }

    @Test func malformedJSONReportsLineAndColumn() {
        let json = """
        {
          "start": "a",
          "nodes": [ {"id": "a" "type": "end"} ]
        }
        """
        do {
            _ = try FlowValidator.load(json: json)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .malformedJSON)
            #expect(error.problems.first?.code == .malformedJSON)
            #expect(error.message.contains("line 3, column"), "\(error.message)")
        }
    }

    @Test func wrongTypeNamesTheField() {
        let found = problems(#"{"start": "a", "nodes": [{"id": "a", "type": "say", "text": 5, "next": "a"}]}"#)
        #expect(found.first?.code == .malformedJSON)
        #expect(found.first?.path == "nodes[0].text")
    }

    @Test func unknownReference() {
        let found = problems(#"{"start": "a", "nodes": [{"id": "a", "type": "say", "text": "hi", "next": "nowhere"}]}"#)
        #expect(found.contains { $0.code == .unknownReference && $0.path == "nodes[0].next" && $0.message.contains("nowhere") })
    }

    @Test func missingAndDuplicateIDs() {
        let found = problems(#"""
        {"start": "a", "nodes": [
          {"id": "a", "type": "end"}, {"id": "a", "type": "end"}, {"type": "end"}, {"id": "", "type": "end"}]}
        """#)
        #expect(found.contains { $0.code == .duplicateID && $0.path == "nodes[1].id" })
        #expect(found.contains { $0.code == .missingID && $0.path == "nodes[2].id" })
        #expect(found.contains { $0.code == .missingID && $0.path == "nodes[3].id" })
    }

    @Test func missingOrUnknownStart() {
        #expect(codes(#"{"nodes": [{"id": "a", "type": "end"}]}"#).contains(.missingStart))
        let found = problems(#"{"start": "b", "nodes": [{"id": "a", "type": "end"}]}"#)
        #expect(found.contains { $0.code == .unknownReference && $0.path == "start" })
        #expect(codes(#"{"start": "a", "nodes": []}"#).contains(.noNodes))
    }

    @Test func unreachableNodesAreWarnings() throws {
        let flow = try FlowDefinition.decode(json: Data(#"""
        {"start": "a", "nodes": [{"id": "a", "type": "end"}, {"id": "orphan", "type": "end"}]}
        """#.utf8))
        let found = FlowValidator.validate(flow)
        #expect(found.count == 1)
        #expect(found.first?.code == .unreachableNode)
        #expect(found.first?.severity == .warning)
        #expect(found.first?.path == "nodes[1]")
        // Warnings alone do not stop a flow from loading.
        _ = try FlowValidator.load(json: #"{"start": "a", "nodes": [{"id": "a", "type": "end"}, {"id": "b", "type": "end"}]}"#)
    }

    @Test func cycleWithoutQuestion() {
        let found = problems(#"""
        {"start": "a", "variables": {"x": 1}, "nodes": [
          {"id": "a", "type": "say", "text": "one", "next": "b"},
          {"id": "b", "type": "branch", "conditions": [{"variable": "x", "equals": 2, "next": "end"}], "else": "c"},
          {"id": "c", "type": "tool", "name": "t", "next": "a", "onFailure": "end"},
          {"id": "end", "type": "end"}]}
        """#)
        let cycles = found.filter { $0.code == .cycleWithoutQuestion }
        #expect(cycles.count == 1)
        #expect(cycles.first?.message.contains("'a', 'b', 'c'") == true)
    }

    @Test func selfLoopIsACycle() {
        #expect(codes(#"{"start": "a", "nodes": [{"id": "a", "type": "say", "text": "hi", "next": "a"}]}"#)
            .contains(.cycleWithoutQuestion))
    }

    @Test func loopThroughAQuestionIsFine() {
        let found = problems(#"""
        {"start": "a", "intents": [{"name": "yes", "phrases": ["yes"]}], "nodes": [
          {"id": "a", "type": "say", "text": "hi", "next": "q"},
          {"id": "q", "type": "ask", "prompt": "again?", "routes": [{"intent": "yes", "next": "a"}]}]}
        """#)
        #expect(found.isEmpty, "\(found)")
    }

    @Test func invalidRegexEmptyIntentAndUnknownIntent() {
        let found = problems(#"""
        {"start": "q", "intents": [
           {"name": "bad", "patterns": ["(unclosed"]}, {"name": "empty"}, {"name": "blank", "phrases": ["  ", "ok"]},
           {"name": "bad", "phrases": ["x"]}],
         "nodes": [{"id": "q", "type": "ask", "prompt": "?", "routes": [{"intent": "nope", "next": "q"}]}]}
        """#)
        #expect(found.contains { $0.code == .invalidRegex && $0.path == "intents[0].patterns[0]" })
        #expect(found.contains { $0.code == .emptyIntent && $0.path == "intents[1]" })
        #expect(found.contains { $0.code == .emptyIntent && $0.path == "intents[2].phrases[0]" })
        #expect(found.contains { $0.code == .duplicateIntent && $0.path == "intents[3].name" })
        #expect(found.contains { $0.code == .unknownIntent && $0.path == "nodes[0].routes[0].intent" })
    }

    @Test func unknownSlotTypeAndNodeType() {
        let found = problems(#"""
        {"start": "q", "nodes": [
          {"id": "q", "type": "ask", "prompt": "colour?", "slot": {"name": "c", "type": "colour"}, "next": "w"},
          {"id": "w", "type": "wait"}]}
        """#)
        #expect(found.contains { $0.code == .unknownSlotType && $0.path == "nodes[0].slot.type" && $0.message.contains("colour") })
        #expect(found.contains { $0.code == .unknownNodeType && $0.path == "nodes[1].type" })
    }

    @Test func undefinedTemplateVariables() {
        let found = problems(#"""
        {"start": "q", "variables": {"shop": "Acme"}, "nodes": [
          {"id": "q", "type": "ask", "prompt": "Welcome to {{shop}}, {{nmae}}. Day?", "slot": {"name": "day", "type": "date"}, "next": "s"},
          {"id": "s", "type": "say", "text": "{{day_spoken}} with {{caller}}", "next": "t"},
          {"id": "t", "type": "tool", "name": "book", "arguments": {"d": "{{day}}", "who": "{{whom}}"}, "resultVariable": "r", "next": "e"},
          {"id": "e", "type": "end", "message": "{{r.ref}} {{ shop }}"}]}
        """#)
        let undefined = found.filter { $0.code == .undefinedVariable }.map(\.path)
        #expect(undefined == ["nodes[0].prompt", "nodes[1].text", "nodes[2].arguments"], "\(found)")
        // Variables supplied from outside (the agent configuration) count as defined.
        let withKnown = problems(#"""
        {"start": "s", "nodes": [{"id": "s", "type": "say", "text": "{{caller}}", "next": "e"}, {"id": "e", "type": "end"}]}
        """#, knownVariables: ["caller"])
        #expect(withKnown.isEmpty)
    }

    @Test func missingFieldsAndBadConditions() {
        let found = problems(#"""
        {"start": "s", "variables": {"v": 1}, "nodes": [
          {"id": "s", "type": "say", "next": "q"},
          {"id": "q", "type": "ask", "prompt": "?"},
          {"id": "b", "type": "branch", "conditions": [{"variable": "v", "equals": 1, "exists": true, "next": "s"}]},
          {"id": "t", "type": "tool", "next": "s"},
          {"id": "x", "type": "transfer"}]}
        """#)
        let paths = Set(found.filter { $0.code == .missingField }.map(\.path))
        #expect(paths.isSuperset(of: ["nodes[0].text", "nodes[1].routes", "nodes[2].else", "nodes[3].name", "nodes[4].target"]))
        #expect(found.contains { $0.code == .invalidValue && $0.path == "nodes[2].conditions[0]" })
    }

    @Test func reportsAllProblemsAtOnce() {
        let found = problems(#"""
        {"nodes": [{"id": "a", "type": "say", "text": "{{x}}", "next": "zz"}, {"id": "a", "type": "teleport"}]}
        """#)
        let codes = Set(found.map(\.code))
        #expect(codes.isSuperset(of: [.missingStart, .undefinedVariable, .unknownReference, .duplicateID, .unknownNodeType]))
    }

    @Test func badRouteAndPolicy() {
        let found = problems(#"""
        {"start": "q", "noMatch": {"max": 0}, "globalRoutes": [{"next": "gone"}, {"dtmf": "0", "action": "dance"}],
         "nodes": [{"id": "q", "type": "ask", "prompt": "?", "routes": [{"dtmf": "1", "next": "q"}]}]}
        """#)
        #expect(found.contains { $0.code == .invalidValue && $0.path == "noMatch.max" })
        #expect(found.contains { $0.code == .missingField && $0.path == "globalRoutes[0]" })
        #expect(found.contains { $0.code == .unknownReference && $0.path == "globalRoutes[0].next" })
        #expect(found.contains { $0.code == .invalidValue && $0.path == "globalRoutes[1].action" })
    }

    @Test func descriptionsNameSeverityCodeAndPath() {
        let problem = FlowProblem(.unknownReference, path: "nodes[0].next", "node 'a' points to unknown node 'b'")
        #expect(problem.description == "error unknown_reference at nodes[0].next: node 'a' points to unknown node 'b'")
    }
}
