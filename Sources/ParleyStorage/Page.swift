import ParleyCore

/// Cursor pagination: rows ordered by id (ids are time-sortable), the cursor is the last id seen.
public struct PageRequest: Sendable, Equatable {
    public static let defaultLimit = 50
    public static let maxLimit = 200

    public var limit: Int
    public var after: String?

    public init(limit: Int = PageRequest.defaultLimit, after: String? = nil) {
        self.limit = limit
        self.after = after
    }
}

/// One page of results and the cursor for the next page (nil when this is the last one).
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var nextCursor: String?

    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }

    /// Builds a page from `limit + 1` fetched rows.
    public init(fetched: [Item], limit: Int, id: (Item) -> String) {
        if fetched.count > limit {
            items = Array(fetched.prefix(limit))
            nextCursor = items.last.map(id)
        } else {
            items = fetched
            nextCursor = nil
        }
    }
}
