import ArgumentParser
import Logging
import ParleyCore
import ParleyIdentity
import ParleyKeyring
import ParleyServer
import ParleyStorage

/// Opens the configured database (migrated), resolves the target organization, and runs `body`.
enum AdminContext {
    static func run<T: Sendable>(_ options: GlobalOptions, org: String?,
                                 _ body: @Sendable (Database, _ orgID: String, ParleyConfiguration, Keyring) async throws -> T) async throws -> T {
        let config = try options.resolve()
        let logger = options.logger(config)
        do {
            let db = try await ParleyServer.openDatabase(config, logger: logger)
            return try await db.withRunning {
                let keyring = try await ParleyServer.prepare(db, config: config, clock: SystemWallClock(), logger: logger)
                return try await body(db, try await organization(db, org: org), config, keyring)
            }
        } catch let error as ExitCode {
            throw error
        } catch {
            throw fail(error)
        }
    }

    /// `org` when it exists, else the default organization.
    static func organization(_ db: Database, org: String?) async throws -> String {
        let orgs = OrganizationRepository(database: db, clock: SystemWallClock())
        if let org {
            guard try await orgs.find(org, scope: org) != nil else {
                throw ParleyError(.notFound, "no organization with id \(org)")
            }
            return org
        }
        guard let def = try await orgs.defaultOrganization() else {
            throw ParleyError(.notFound, "no default organization; pass --org")
        }
        return def.id
    }

    static func role(_ raw: String) throws -> Role {
        guard let role = Role(rawValue: raw) else {
            throw ValidationError("--role must be one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return role
    }
}
