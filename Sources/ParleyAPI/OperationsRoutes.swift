import Foundation
import Hummingbird
import NIOCore
import ParleyCore

/// Liveness, readiness, Prometheus metrics and the OpenAPI document. No authentication.
enum OperationsRoutes {
    static func routes(_ env: APIEnvironment, openAPI: @escaping @Sendable () -> ByteBuffer) -> [APIRoute] {
        [
            APIRoute(.get, "/healthz", operationID: "health", summary: "Liveness: the process is up",
                     tag: "Operations", permission: nil, response: "Health") { _, _ in
                try HandlerSupport.json(["status": "ok"] as JSONValue)
            },
            APIRoute(.get, "/readyz", operationID: "ready", summary: "Readiness: the database answers and the node is not draining",
                     tag: "Operations", permission: nil, response: "Health") { _, _ in
                let draining = env.readiness.isDraining
                let dbOK = await env.database.ping()
                let ready = dbOK && !draining
                let body: JSONValue = [
                    "status": ready ? "ready" : "unavailable",
                    "checks": ["database": dbOK ? "ok" : "unreachable", "draining": .bool(draining)],
                ]
                return try HandlerSupport.json(body, status: ready ? .ok : .serviceUnavailable)
            },
            APIRoute(.get, "/metrics", operationID: "metrics", summary: "Prometheus metrics (text exposition format)",
                     tag: "Operations", permission: nil, response: nil, contentType: "text/plain") { _, _ in
                let pool = env.database.poolStatistics()
                env.metrics.updatePool(inUse: pool.inUse, waiting: pool.waiting, size: pool.size)
                return APIResponse(status: .ok, contentType: "text/plain; version=0.0.4; charset=utf-8",
                                   body: ByteBuffer(bytes: env.metrics.registry.emitToBuffer()))
            },
            APIRoute(.get, "/openapi.json", operationID: "openapi", summary: "This API's OpenAPI 3.1 document",
                     tag: "Operations", permission: nil, response: "OpenAPIDocument") { _, _ in
                APIResponse(status: .ok, contentType: HandlerSupport.jsonContentType, body: openAPI())
            },
        ]
    }
}
