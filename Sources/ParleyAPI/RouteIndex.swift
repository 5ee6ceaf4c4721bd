import HTTPTypes

/// Which methods each documented path template accepts, so a known path with another method
/// answers 405 with `Allow` instead of 404.
struct RouteIndex: Sendable {
    private let entries: [(segments: [String], methods: [String])]

    init(_ routes: [APIRoute]) {
        var byPath: [(String, [String])] = []
        for r in routes {
            if let i = byPath.firstIndex(where: { $0.0 == r.path }) { byPath[i].1.append(r.method.rawValue) } else { byPath.append((r.path, [r.method.rawValue])) }
        }
        entries = byPath.map { (path, methods) in (path.split(separator: "/").map(String.init), methods) }
    }

    /// The methods allowed on `path`, or nil when no documented route has that shape.
    func allowedMethods(for path: String) -> [String]? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        // Like the router, a literal segment beats a parameter: only the most specific templates count.
        var best = -1
        var allowed: [String] = []
        for entry in entries where entry.segments.count == parts.count {
            let matches = zip(entry.segments, parts).allSatisfy { template, part in template.hasPrefix("{") || template == part }
            guard matches else { continue }
            let literals = entry.segments.filter { !$0.hasPrefix("{") }.count
            if literals > best {
                best = literals
                allowed = entry.methods
            } else if literals == best {
                allowed += entry.methods
            }
        }
        return allowed.isEmpty ? nil : Array(Set(allowed)).sorted()
    }
}
