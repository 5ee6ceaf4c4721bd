import Foundation
import Hummingbird
import NIOCore
import ParleyCore
import ParleyIdentity
import Synchronization

/// Assembles the HTTP surface: middleware, every API route from the route table, operations
/// endpoints and the dashboard.
public struct ParleyHTTP: Sendable {
    public let environment: APIEnvironment
    public let authenticator: APIKeyAuthenticator
    public let loginLimiter: LoginLimiter

    public init(environment: APIEnvironment) {
        self.environment = environment
        self.authenticator = APIKeyAuthenticator(repository: environment.apiKeys, usage: environment.keyUsage, clock: environment.clock)
        self.loginLimiter = LoginLimiter(clock: environment.clock)
    }

    /// Every documented route (API + operations), in document order.
    public func routes() -> [APIRoute] {
        let env = environment
        let api = OrganizationRoutes.routes(env) + UserRoutes.routes(env) + MembershipRoutes.routes(env)
            + InvitationRoutes.routes(env) + APIKeyRoutes.routes(env, authenticator: authenticator) + SecretRoutes.routes(env)
            + AuditRoutes.routes(env) + AgentRoutes.routes(env) + PhoneNumberRoutes.routes(env) + CallRoutes.routes(env) + WebhookRoutes.routes(env)
        let documentBox = DocumentBox()
        let ops = OperationsRoutes.routes(env) { documentBox.bytes }
        let all = api + ops
        let document = OpenAPIDocument.build(routes: all, publicURL: env.limits.publicURL)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .prettyPrinted]
        documentBox.set(ByteBuffer(bytes: (try? encoder.encode(document)) ?? Data()))
        return all
    }

    /// The OpenAPI document as a value (for tests and `parley openapi`).
    public func openAPIDocument() -> JSONValue {
        OpenAPIDocument.build(routes: routes(), publicURL: environment.limits.publicURL)
    }

    public func makeRouter(dashboard: Bool = true) -> Router<APIContext> {
        makeRouter(dashboard: dashboard, audited: true)
    }

    /// `audited: false` leaves the audit middleware out: only for `parley bench api`, which
    /// measures what auditing costs a route by loading it with and without.
    @_spi(Benchmark)
    public func makeRouter(dashboard: Bool, audited: Bool) -> Router<APIContext> {
        let env = environment
        let router = Router(context: APIContext.self)
        let routes = routes()
        router.add(middleware: RequestMiddleware(metrics: env.metrics, routeIndex: RouteIndex(routes)))
        router.add(middleware: AuthMiddleware(
            authenticator: authenticator,
            keyLimiter: env.limits.apiKeyRatePerSecond > 0
                ? RateLimiter(rule: .init(ratePerSecond: env.limits.apiKeyRatePerSecond, burst: env.limits.apiKeyRatePerSecond * 2), clock: env.clock)
                : nil,
            failureLimiter: RateLimiter(rule: .init(ratePerSecond: 0.5, burst: env.limits.authFailureBurst), clock: env.clock),
            audit: env.auditWriter, clock: env.clock))
        if audited { router.add(middleware: AuditMiddleware(audit: env.audit, writer: env.auditWriter, clock: env.clock)) }
        let runner = RouteRunner(environment: env)
        for route in routes {
            router.on(RouterPath(route.routerPath), method: route.method, use: runner.responder(for: route))
        }
        if dashboard {
            Dashboard(environment: env, loginLimiter: loginLimiter).register(on: router)
        }
        return router
    }
}

/// Holds the encoded OpenAPI document once it has been built (the ops route serves it).
final class DocumentBox: Sendable {
    private let storage = Mutex(ByteBuffer())
    var bytes: ByteBuffer { storage.withLock { $0 } }
    func set(_ b: ByteBuffer) { storage.withLock { $0 = b } }
}
