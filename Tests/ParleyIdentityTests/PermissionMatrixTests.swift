import ParleyIdentity
import Testing

@Suite struct PermissionMatrixTests {
    @Test func ownersAndAdminsHoldEverything() {
        for p in Permission.allCases {
            #expect(PermissionMatrix.allows(.owner, p))
            #expect(PermissionMatrix.allows(.admin, p))
        }
    }

    @Test func viewersOnlyRead() {
        let perms = PermissionMatrix.permissions(of: .viewer)
        #expect(perms.allSatisfy { $0.rawValue.hasSuffix(".read") })
        #expect(!perms.contains(.apiKeysRead))
    }

    @Test func auditorsReadTheAuditLogButChangeNothing() {
        let perms = PermissionMatrix.permissions(of: .auditor)
        #expect(perms.contains(.auditRead))
        #expect(perms.allSatisfy { $0.rawValue.hasSuffix(".read") })
    }

    @Test func roleAssignmentFollowsRank() {
        #expect(Role.owner.canAssign(.owner))
        #expect(!Role.admin.canAssign(.owner))
        #expect(Role.admin.canAssign(.admin))
        #expect(Role.manager.canAssign(.member) && !Role.manager.canAssign(.manager))
        #expect(Role.viewer.assignableRoles.isEmpty)
    }
}
