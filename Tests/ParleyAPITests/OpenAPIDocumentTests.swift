import Foundation
import HTTPTypes
import ParleyAPI
import ParleyStorage
import ParleyTesting
import Testing

@Suite struct OpenAPIDocumentTests {
    @Test func everyRouteIsDocumentedAndEveryDocumentedRouteExists() async throws {
        try await TestServer.run(.sqlite) { server, client in
            let served = try await client.call(.get, "/openapi.json")
            #expect(served.status == 200)
            let doc = served.json
            #expect(doc["openapi"] as? String == "3.1.0")
            let paths = try #require(doc["paths"] as? [String: [String: Any]])
            var documented = Set<String>()
            for (path, ops) in paths { for method in ops.keys { documented.insert("\(method.uppercased()) \(path)") } }
            let routes = Set(server.http.routes().map { "\($0.method.rawValue) \($0.path)" })
            #expect(documented == routes, "undocumented: \(routes.subtracting(documented)); documented but not routed: \(documented.subtracting(routes))")
            // Every documented operation answers from a real handler (not the router's 404).
            for entry in documented.sorted() {
                let parts = entry.split(separator: " ", maxSplits: 1)
                let method = HTTPRequest.Method(String(parts[0]))!
                let path = String(parts[1]).replacingOccurrences(of: "\\{[^}]+\\}", with: "zz_missing", options: .regularExpression)
                let r = try await client.call(method, path, key: server.adminKey, json: method == .get || method == .delete ? nil : "{}")
                #expect(r.errorMessage != "no such route", "\(entry) is documented but not routed")
            }
            let schemas = try #require((doc["components"] as? [String: Any])?["schemas"] as? [String: Any])
            for (_, ops) in paths {
                for (_, op) in ops {
                    let text = String(decoding: try JSONSerialization.data(withJSONObject: op), as: UTF8.self)
                    for ref in text.components(separatedBy: "#\\/components\\/schemas\\/").dropFirst() {
                        let name = String(ref.prefix { $0 != "\"" })
                        #expect(schemas[name] != nil, "dangling $ref \(name)")
                    }
                }
            }
        }
    }
}
