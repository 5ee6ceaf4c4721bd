// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "parley",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "parley", targets: ["parley"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/hummingbird-project/swift-websocket.git", from: "1.6.2"),
    ],
    targets: [
        .target(
            name: "ParleyCore",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "ParleyStorage",
            dependencies: [
                "ParleyCore",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "ParleyAudio",
            dependencies: ["ParleyCore"],
            swiftSettings: strict
        ),
        .target(
            name: "ParleyVoice",
            dependencies: ["ParleyCore", "ParleyAudio"],
            swiftSettings: strict
        ),
        .systemLibrary(name: "CFlite", path: "Sources/CFlite"),
        .target(
            name: "ParleyProviders",
            dependencies: [
                "ParleyCore",
                "ParleyAudio",
                "ParleyVoice",
                "CFlite",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "WSClient", package: "swift-websocket"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "ParleyTelephony",
            dependencies: [
                "ParleyCore",
                "ParleyAudio",
                "ParleyVoice",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "ParleyCalls",
            dependencies: [
                "ParleyCore",
                "ParleyAudio",
                "ParleyStorage",
                "ParleyKeyring",
                "ParleyVoice",
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "ParleyKeyring",
            dependencies: [
                "ParleyCore",
                "ParleyStorage",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "ParleyAudit",
            dependencies: [
                "ParleyCore",
                "ParleyStorage",
                "ParleyKeyring",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "ParleyIdentity",
            dependencies: [
                "ParleyCore",
                "ParleyStorage",
                "ParleyKeyring",
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "ParleyAPI",
            dependencies: [
                "ParleyCore",
                "ParleyCalls",
                "ParleyVoice",
                "ParleyAudit",
                "ParleyStorage",
                "ParleyKeyring",
                "ParleyIdentity",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "ParleyServer",
            dependencies: [
                "ParleyCore",
                "ParleyAudio",
                "ParleyVoice",
                "ParleyProviders",
                "ParleyTelephony",
                "ParleyCalls",
                "ParleyAudit",
                "ParleyStorage",
                "ParleyKeyring",
                "ParleyIdentity",
                "ParleyAPI",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "WSClient", package: "swift-websocket"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "parley",
            dependencies: [
                "ParleyServer",
                "ParleyCalls",
                "ParleyAudio",
                "ParleyVoice",
                "ParleyProviders",
                "ParleyAudit",
                "ParleyKeyring",
                "ParleyStorage",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "ParleyTesting",
            dependencies: [
                "ParleyCore",
                "ParleyKeyring",
                "ParleyStorage",
                "ParleyIdentity",
                "ParleyAPI",
                "ParleyServer",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "ParleyAudioTests", dependencies: ["ParleyAudio"], swiftSettings: strict),
        .testTarget(name: "ParleyVoiceTests", dependencies: ["ParleyVoice", "ParleyAudio"], swiftSettings: strict),
        .testTarget(
            name: "ParleyProvidersTests",
            dependencies: [
                "ParleyProviders", "ParleyVoice", "ParleyAudio", "ParleyCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "ParleyTelephonyTests",
            dependencies: [
                "ParleyTelephony", "ParleyVoice", "ParleyAudio",
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: strict),
        .testTarget(name: "ParleyCallsTests", dependencies: ["ParleyCalls", "ParleyTesting"], swiftSettings: strict),
        .testTarget(name: "ParleyKeyringTests", dependencies: ["ParleyKeyring", "ParleyTesting"], swiftSettings: strict),
        .testTarget(name: "ParleyAuditTests", dependencies: ["ParleyAudit", "ParleyTesting"], swiftSettings: strict),
        .testTarget(name: "ParleyCoreTests", dependencies: ["ParleyCore", "ParleyTesting"], swiftSettings: strict),
        .testTarget(name: "ParleyStorageTests", dependencies: ["ParleyStorage", "ParleyTesting"], swiftSettings: strict),
        .testTarget(
            name: "ParleyIdentityTests",
            dependencies: ["ParleyIdentity", "ParleyServer", "ParleyTesting", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict),
        .testTarget(
            name: "ParleyServerTests",
            dependencies: [
                "ParleyServer", "ParleyTesting", .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "WSClient", package: "swift-websocket"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "ParleyAPITests",
            dependencies: [
                "ParleyAPI", "ParleyServer", "ParleyTesting",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strict
        ),
    ]
)

// Fast inner loops on small machines (CI and `make` never set PARLEY_SUBSET):
// - `media`: ParleyCore, ParleyAudio, ParleyVoice and their tests, no server dependencies;
// - `telephony`: adds ParleyTelephony and its tests;
// - `providers`: adds ParleyProviders and its tests.
// Use a scratch path per subset, e.g. `--scratch-path .build-media`.
let subsets: [String: Set<String>] = [
    "media": ["ParleyCore", "ParleyAudio", "ParleyVoice", "ParleyAudioTests", "ParleyVoiceTests"],
    "telephony": ["ParleyCore", "ParleyAudio", "ParleyVoice", "ParleyTelephony", "ParleyTelephonyTests"],
    "providers": ["ParleyCore", "ParleyAudio", "ParleyVoice", "CFlite", "ParleyProviders", "ParleyProvidersTests"],
]
if let subset = Context.environment["PARLEY_SUBSET"], let keep = subsets[subset] {
    package.targets = package.targets.filter { keep.contains($0.name) }
    package.products = []
    if subset == "media" {
        package.dependencies = package.dependencies.filter { dependency in
            if case .sourceControl(_, let location, _) = dependency.kind {
                return "\(location)".contains("swift-crypto")
            }
            return false
        }
    }
}
