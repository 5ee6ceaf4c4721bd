/// Which SQL engine a `Database` talks to; DDL differences are kept to migrations.
public enum DatabaseFlavor: String, Sendable {
    case sqlite
    case postgres
}
