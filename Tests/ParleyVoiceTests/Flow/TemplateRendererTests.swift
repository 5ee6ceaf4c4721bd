import Testing
@testable import ParleyVoice

@Suite struct TemplateRendererTests {
    let variables: [String: JSONValue] = [
        "name": "Ava", "count": 3, "empty": "", "booking": ["slot": "15:30", "items": ["a", "b"]],
    ]

    @Test(arguments: [
        ("Hi {{name}}", "Hi Ava"),
        ("Hi {{ name }}!", "Hi Ava!"),
        ("{{count}} items", "3 items"),
        ("at {{booking.slot}}", "at 15:30"),
        ("first {{booking.items.0}}", "first a"),
        ("Hi {{missing}}.", "Hi ."),
        ("Hi {{ missing | there }}.", "Hi there."),
        ("Hi {{empty|friend}}", "Hi friend"),
        ("Hi {{name|friend}}", "Hi Ava"),
        ("{{not a variable}} {{}}", "{{not a variable}} {{}}"),
        ("unclosed {{name", "unclosed {{name"),
        ("{{name}}{{name}}", "AvaAva"),
        ("no templates", "no templates"),
    ])
    func rendersText(template: String, expected: String) {
        #expect(TemplateRenderer.render(template, variables: variables) == expected)
    }

    @Test func rendersJSONKeepingTypesOfWholePlaceholders() {
        let arguments: JSONValue = ["n": "{{count}}", "label": "n={{count}}", "list": ["{{name}}"], "b": "{{booking}}"]
        let rendered = TemplateRenderer.render(arguments, variables: variables)
        #expect(rendered == ["n": 3, "label": "n=3", "list": ["Ava"], "b": ["slot": "15:30", "items": ["a", "b"]]])
    }

    @Test func listsVariablePaths() {
        #expect(TemplateRenderer.variablePaths(in: "{{a}} and {{ b.c }} {{x|y}} {{bad path}}") == ["a", "b.c", "x"])
        #expect(TemplateRenderer.rootName(of: "b.c") == "b")
    }
}
