import Foundation
import ParleyStorage
import ParleyTesting
import Testing

@Suite struct WebhookRoutesTests {
    static func create(_ url: String) -> String { #"{"url": "\#(url)", "events": ["call.ended"]}"# }

    /// Loopback, private and metadata hosts written as literals (in every numeric spelling
    /// the resolver accepts) or as localhost are refused at creation, naming the field.
    @Test(arguments: [
        "http://169.254.169.254/latest/meta-data", "http://localhost:8080/hook", "https://hooks.localhost/x", "http://127.1/hook",
        "http://0x7f.1/hook", "http://2130706433/hook", "http://10.0.0.5", "http://192.168.1.10:8443/events", "http://0/",
    ])
    func privateTargetsAreRefused(_ url: String) async throws {
        try await TestServer.run(.sqlite) { server, client in
            let response = try await client.call(.post, "/v1/webhooks", key: server.adminKey, json: Self.create(url))
            #expect(response.status == 400, "\(response.body)")
            #expect(response.errorField == "url")
            #expect(((response.json["error"] as? [String: Any])?["message"] as? String)?.contains("public addresses") == true)
            let list = try await client.call(.get, "/v1/webhooks", key: server.adminKey)
            #expect((list.json["data"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func publicTargetsAreCreatedAndPrivateOnesWhenAllowed() async throws {
        try await TestServer.run(.sqlite) { server, client in
            for url in ["https://hooks.example.com/parley", "http://93.184.216.34:8080/hook", "https://localhost.example.com/"] {
                let response = try await client.call(.post, "/v1/webhooks", key: server.adminKey, json: Self.create(url))
                #expect(response.status == 201, "\(url): \(response.body)")
            }
        }
        try await TestServer.run(.sqlite, allowPrivateNetworkTargets: true) { server, client in
            let response = try await client.call(.post, "/v1/webhooks", key: server.adminKey, json: Self.create("http://127.0.0.1:9/hook"))
            #expect(response.status == 201, "\(response.body)")
        }
    }
}
