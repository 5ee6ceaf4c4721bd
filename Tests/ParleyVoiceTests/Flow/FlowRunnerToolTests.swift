import Foundation
import Testing
@testable import ParleyVoice

/// Tool, branch and defensive behaviour of `FlowRunner` on small purpose-built flows.
@Suite struct FlowRunnerToolTests {
    static let toolFlow = #"""
    {
      "start": "ask_order",
      "variables": {"customer": "guest"},
      "intents": [{"name": "agent", "phrases": ["agent"]}],
      "globalRoutes": [{"intent": "agent", "next": "handoff"}],
      "nodes": [
        {"id": "ask_order", "type": "ask", "prompt": "Your order number, {{customer}}?",
         "slot": {"name": "order", "type": "digits", "minLength": 4, "maxLength": 8, "maxRetries": 2, "fallback": "handoff"},
         "next": "lookup"},
        {"id": "lookup", "type": "tool", "name": "find_order",
         "arguments": {"order": "{{order}}", "who": "{{customer}}", "note": "order {{order}}"},
         "filler": "Let me look up order {{order_spoken}}.", "resultVariable": "found",
         "next": "check", "onFailure": "sorry"},
        {"id": "check", "type": "branch",
         "conditions": [
           {"variable": "found.status", "equals": "shipped", "next": "shipped"},
           {"variable": "found.items", "greaterThan": 5, "next": "big"},
           {"variable": "found.status", "in": ["lost", "damaged"], "next": "handoff"}],
         "else": "other"},
        {"id": "shipped", "type": "end", "reason": "resolved", "message": "Order {{order}} shipped on {{found.date}}."},
        {"id": "big", "type": "end", "reason": "resolved", "message": "A big order."},
        {"id": "other", "type": "end", "reason": "resolved", "message": "Status: {{found.status|unknown}}."},
        {"id": "sorry", "type": "say", "text": "Sorry, I can't reach our systems.", "next": "handoff"},
        {"id": "handoff", "type": "transfer", "target": "queue:support", "message": ""}
      ]
    }
    """#

    func runner() throws -> FlowRunner {
        var runner = FlowRunner(flow: try FlowValidator.load(json: Self.toolFlow), variables: ["customer": "Kim"], now: testNow)
        #expect(runner.start() == [.say("Your order number, Kim?"), .listen])
        return runner
    }

    @Test func toolCallUsesTemplatedArgumentsAndFiller() throws {
        var runner = try runner()
        let actions = runner.receive(.utterance("it's one two three four five"))
        #expect(actions == [
            .setVariable(name: "order", value: "12345"),
            .callTool(callID: "lookup-1", name: "find_order",
                      arguments: ["order": "12345", "who": "Kim", "note": "order 12345"],
                      filler: "Let me look up order 1 2 3 4 5."),
        ])
        #expect(runner.state == .waitingForTool(node: "lookup", callID: "lookup-1"))
        // Speech, silence and stale results while the tool runs change nothing.
        #expect(runner.receive(.utterance("hello?")) == [])
        #expect(runner.receive(.noInput) == [])
        #expect(runner.receive(.toolResult(callID: "other-9", result: .success(.null))) == [])

        let result: JSONValue = ["status": "shipped", "date": "Monday"]
        #expect(runner.receive(.toolResult(callID: "lookup-1", result: .success(result))) == [
            .setVariable(name: "found", value: result),
            .endCall(reason: "resolved", message: "Order 12345 shipped on Monday."),
        ])
    }

    @Test(arguments: [
        (["status": "pending", "items": 9] as JSONValue, "A big order."),
        (["status": "pending", "items": "2"] as JSONValue, "Status: pending."),
        (["items": 1] as JSONValue, "Status: unknown."),
        (["status": "SHIPPED", "date": "today"] as JSONValue, "Order 1234 shipped on today."),
    ])
    func branchesOnToolResults(result: JSONValue, message: String) throws {
        var runner = try runner()
        _ = runner.receive(.dtmf("1234#"))
        let actions = runner.receive(.toolResult(callID: "lookup-1", result: .success(result)))
        #expect(actions.last == .endCall(reason: "resolved", message: message))
    }

    @Test func branchInListTransfers() throws {
        var runner = try runner()
        _ = runner.receive(.dtmf("1234"))
        let actions = runner.receive(.toolResult(callID: "lookup-1", result: .success(["status": "lost"])))
        #expect(actions.last == .transfer(target: "queue:support", message: nil))
    }

    @Test func toolFailureTakesTheFailurePath() throws {
        var runner = try runner()
        _ = runner.receive(.dtmf("1234"))
        let actions = runner.receive(.toolResult(callID: "lookup-1", result: .failure(ToolFailure(.timedOut, "no answer"))))
        #expect(actions == [.say("Sorry, I can't reach our systems."), .transfer(target: "queue:support", message: nil)])
    }

    @Test func invalidDigitsUseTheSlotFallback() throws {
        var runner = try runner()
        #expect(runner.receive(.utterance("one two")) == [
            .noMatch(node: "ask_order", count: 1), .say("Sorry, I didn't get that. Your order number, Kim?"), .listen,
        ])
        #expect(runner.receive(.dtmf("12")) == [
            .noMatch(node: "ask_order", count: 2), .transfer(target: "queue:support", message: nil),
        ])
    }

    @Test func globalRouteBeatsDigitsSlot() throws {
        var runner = try runner()
        let actions = runner.receive(.utterance("agent please"))
        #expect(matchedIntents(actions) == ["agent"])
        #expect(actions.last == .transfer(target: "queue:support", message: nil))
    }

    @Test func unvalidatedLoopEndsWithFlowError() throws {
        let flow = try FlowDefinition.decode(json: Data(#"""
        {"start": "a", "nodes": [{"id": "a", "type": "say", "text": "again", "next": "a"}]}
        """#.utf8))
        var runner = FlowRunner(flow: flow, now: testNow)
        let actions = runner.start()
        #expect(actions.count == FlowRunner.maximumStepsPerInput + 1)
        #expect(actions.last == .endCall(reason: "flow_error", message: nil))
    }

    @Test func brokenReferenceEndsWithFlowError() throws {
        let flow = try FlowDefinition.decode(json: Data(#"""
        {"start": "a", "nodes": [{"id": "a", "type": "say", "text": "hi", "next": "missing"}]}
        """#.utf8))
        var runner = FlowRunner(flow: flow, now: testNow)
        #expect(runner.start() == [.say("hi"), .endCall(reason: "flow_error", message: nil)])
    }

    @Test func callVariablesOverrideDefaults() throws {
        let flow = try FlowValidator.load(json: Self.toolFlow)
        #expect(FlowRunner(flow: flow, now: testNow).variables["customer"] == "guest")
        #expect(FlowRunner(flow: flow, variables: ["customer": "Kim"], now: testNow).variables["customer"] == "Kim")
    }
}
