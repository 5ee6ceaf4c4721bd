import Hummingbird
import ParleyCore

/// The server-rendered dashboard (login, org switcher, users, invitations, API keys, settings).
struct Dashboard: Sendable {
    let environment: APIEnvironment
    let loginLimiter: LoginLimiter

    func register(on router: Router<APIContext>) {
        router.get("/") { _, _ in Response(status: .seeOther, headers: [.location: "/login"]) }
    }
}
