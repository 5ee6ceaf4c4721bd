/// Mustache templates for the dashboard, compiled into the binary (no files to ship).
/// Later capabilities add pages by registering more templates with the same layout.
enum DashboardTemplates {
    static let layout = """
    <!doctype html>
    <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{{title}} · Parley</title><link rel="stylesheet" href="/static/parley.css"></head>
    <body>
    {{#viewer}}
    <header class="top">
      <a class="brand" href="/dashboard">Parley</a>
      <nav>
        <a href="/dashboard"{{#nav_home}} aria-current="page"{{/nav_home}}>Overview</a>
        {{#can_agents}}<a href="/agents"{{#nav_agents}} aria-current="page"{{/nav_agents}}>Agents</a>{{/can_agents}}
        {{#can_calls}}<a href="/calls"{{#nav_calls}} aria-current="page"{{/nav_calls}}>Calls</a>{{/can_calls}}
        <a href="/users"{{#nav_users}} aria-current="page"{{/nav_users}}>Users &amp; roles</a>
        <a href="/api-keys"{{#nav_keys}} aria-current="page"{{/nav_keys}}>API keys</a>
        <a href="/settings"{{#nav_settings}} aria-current="page"{{/nav_settings}}>Settings</a>
        {{#can_audit}}<a href="/audit"{{#nav_audit}} aria-current="page"{{/nav_audit}}>Audit log</a>{{/can_audit}}
      </nav>
      <form class="switcher" method="post" action="/orgs/switch">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        <label for="org">Organization</label>
        <select id="org" name="org_id">{{#organizations}}<option value="{{id}}"{{#current}} selected{{/current}}>{{name}} ({{role}})</option>{{/organizations}}</select>
        <button type="submit">Switch</button>
      </form>
      <form method="post" action="/logout"><input type="hidden" name="_csrf" value="{{csrf}}"><button class="link" type="submit">Log out {{email}}</button></form>
    </header>
    {{/viewer}}
    <main{{^viewer}} class="narrow"{{/viewer}}>
    {{#flash}}<p class="flash">{{flash}}</p>{{/flash}}
    {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
    {{{content}}}
    </main>
    </body></html>
    """

    static let login = """
    <h1>Log in to Parley</h1>
    <form method="post" action="/login" class="card">
      <input type="hidden" name="_csrf" value="{{csrf}}">
      <label>Email <input type="email" name="email" value="{{email}}" autocomplete="username" required autofocus></label>
      <label>Password <input type="password" name="password" autocomplete="current-password" required></label>
      <button type="submit">Log in</button>
    </form>
    """

    static let totp = """
    <h1>Two-factor authentication</h1>
    <form method="post" action="/login/totp" class="card">
      <input type="hidden" name="_csrf" value="{{csrf}}">
      <label>6-digit code from your authenticator app <input name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]{6,7}" required autofocus></label>
      <button type="submit">Verify</button>
    </form>
    """

    static let overview = """
    <h1>{{org_name}}</h1>
    <p>You are signed in as <strong>{{email}}</strong> with the <strong>{{role}}</strong> role in this organization.</p>
    <section class="grid">
      <div class="card"><h2>{{member_count}}</h2><p>members · <a href="/users">manage</a></p></div>
      <div class="card"><h2>{{key_count}}</h2><p>active API keys · <a href="/api-keys">manage</a></p></div>
    </section>
    <h2>Try the API</h2>
    <pre>curl -H "Authorization: Bearer $PARLEY_API_KEY" {{public_url}}/v1/me</pre>
    <p>The full reference is the <a href="/openapi.json">OpenAPI document</a>.</p>
    """

    static let users = """
    <h1>Users &amp; roles</h1>
    <table><thead><tr><th>Name</th><th>Email</th><th>Role</th><th></th></tr></thead><tbody>
    {{#members}}<tr><td>{{name}}</td><td>{{email}}</td><td>{{role}}</td><td>
      {{#can_manage}}<form method="post" action="/memberships/{{membership_id}}/role" class="inline">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        <select name="role" aria-label="Role for {{email}}">{{#roles}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/roles}}</select>
        <button type="submit">Change</button></form>
      <form method="post" action="/memberships/{{membership_id}}/remove" class="inline"><input type="hidden" name="_csrf" value="{{csrf}}"><button class="danger" type="submit">Remove</button></form>{{/can_manage}}
    </td></tr>{{/members}}
    </tbody></table>
    {{#can_invite}}
    <h2>Invite someone</h2>
    {{#invite_link}}<div class="secret"><p>Send this link to <strong>{{invite_email}}</strong>. It is shown only now and expires in 7 days:</p><code id="invite-link">{{invite_link}}</code></div>{{/invite_link}}
    <form method="post" action="/invitations" class="card row">
      <input type="hidden" name="_csrf" value="{{csrf}}">
      <label>Email <input type="email" name="email" required></label>
      <label>Role <select name="role">{{#assignable}}<option value="{{.}}">{{.}}</option>{{/assignable}}</select></label>
      <button type="submit">Create invitation</button>
    </form>
    <h2>Invitations</h2>
    <table><thead><tr><th>Email</th><th>Role</th><th>Status</th><th>Expires</th><th></th></tr></thead><tbody>
    {{#invitations}}<tr><td>{{email}}</td><td>{{role}}</td><td>{{status}}</td><td>{{expires_at}}</td><td>{{#pending}}<form method="post" action="/invitations/{{id}}/revoke" class="inline"><input type="hidden" name="_csrf" value="{{csrf}}"><button class="danger" type="submit">Revoke</button></form>{{/pending}}</td></tr>{{/invitations}}
    {{^invitations}}<tr><td colspan="5">No invitations yet.</td></tr>{{/invitations}}
    </tbody></table>
    {{/can_invite}}
    <h2>What each role may do</h2>
    <table class="matrix"><thead><tr><th>Permission</th>{{#role_names}}<th>{{.}}</th>{{/role_names}}</tr></thead><tbody>
    {{#matrix}}<tr><td>{{permission}}</td>{{#cells}}<td>{{#.}}✓{{/.}}</td>{{/cells}}</tr>{{/matrix}}
    </tbody></table>
    """

    static let apiKeys = """
    <h1>API keys</h1>
    {{#new_secret}}<div class="secret"><p>Your new API key <strong>{{new_name}}</strong>. Copy it now: it is shown only once.</p><code id="new-secret">{{new_secret}}</code></div>{{/new_secret}}
    {{#can_write}}
    <form method="post" action="/api-keys" class="card row">
      <input type="hidden" name="_csrf" value="{{csrf}}">
      <label>Name <input name="name" maxlength="100" required></label>
      <label>Role <select name="role">{{#key_roles}}<option value="{{value}}"{{#is_default}} selected{{/is_default}}>{{value}}</option>{{/key_roles}}</select></label>
      <button type="submit">Create API key</button>
    </form>
    {{/can_write}}
    <table id="keys"><thead><tr><th>Name</th><th>Key</th><th>Role</th><th>Created</th><th>Last used</th><th>Status</th><th></th></tr></thead><tbody>
    {{#keys}}<tr><td>{{name}}</td><td><code>{{prefix}}…</code></td><td>{{role}}</td><td>{{created_at}}</td><td>{{last_used_at}}</td><td>{{status}}</td>
      <td>{{#can_revoke}}<form method="post" action="/api-keys/{{id}}/revoke" class="inline"><input type="hidden" name="_csrf" value="{{csrf}}"><button class="danger" type="submit">Revoke</button></form>{{/can_revoke}}</td></tr>{{/keys}}
    {{^keys}}<tr><td colspan="7">No API keys yet.</td></tr>{{/keys}}
    </tbody></table>
    """

    static let settings = """
    <h1>Settings</h1>
    {{#can_rename}}
    <h2>Organization</h2>
    <form method="post" action="/settings/org" class="card row">
      <input type="hidden" name="_csrf" value="{{csrf}}">
      <label>Name <input name="name" value="{{org_name}}" maxlength="200" required></label>
      <button type="submit">Save</button>
    </form>
    {{/can_rename}}
    <h2>Your password</h2>
    {{#must_change}}<p class="error">You signed in with a one-time password. Choose your own now.</p>{{/must_change}}
    <form method="post" action="/account/password" class="card">
      <input type="hidden" name="_csrf" value="{{csrf}}">
      {{^must_change}}<label>Current password <input type="password" name="current" autocomplete="current-password" required></label>{{/must_change}}
      <label>New password (at least 10 characters) <input type="password" name="new" autocomplete="new-password" minlength="10" required></label>
      <button type="submit">Change password</button>
    </form>
    <h2>Two-factor authentication</h2>
    {{#totp_enabled}}<p>Enabled.</p>
    <form method="post" action="/account/totp/disable" class="card"><input type="hidden" name="_csrf" value="{{csrf}}">
      <label>Current code <input name="code" inputmode="numeric" required></label><button class="danger" type="submit">Turn off</button></form>{{/totp_enabled}}
    {{^totp_enabled}}
    {{#totp_secret}}<div class="secret"><p>Add this key to your authenticator app, then enter the code it shows.</p><code>{{totp_secret}}</code><p><small>{{totp_uri}}</small></p></div>
    <form method="post" action="/account/totp/enable" class="card"><input type="hidden" name="_csrf" value="{{csrf}}">
      <label>Code <input name="code" inputmode="numeric" required></label><button type="submit">Turn on</button></form>{{/totp_secret}}
    {{^totp_secret}}<form method="post" action="/account/totp/setup" class="card"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit">Set up an authenticator app</button></form>{{/totp_secret}}
    {{/totp_enabled}}
    """

    static let audit = """
    <h1>Audit log</h1>
    <p>Every change and every read of sensitive data in this organization, newest first. Entries are chained with
    HMAC-SHA256; <code>parley audit verify</code> proves none was edited, removed, reordered or cut.</p>
    <form method="get" action="/audit" class="card row">
      <label>Actor <input name="actor" value="{{actor}}" maxlength="64"></label>
      <label>Action starts with <input name="action" value="{{action}}" maxlength="100"></label>
      <button type="submit">Filter</button>
    </form>
    <table id="audit"><thead><tr><th>#</th><th>Time</th><th>Actor</th><th>Action</th><th>Target</th><th>Outcome</th><th>Client IP</th></tr></thead><tbody>
    {{#entries}}<tr><td>{{seq}}</td><td>{{at}}</td><td><code>{{actor}}</code></td><td>{{action}}</td><td><code>{{target}}</code></td><td>{{outcome}}</td><td>{{ip}}</td></tr>{{/entries}}
    {{^entries}}<tr><td colspan="7">No entries yet (new entries appear within a second).</td></tr>{{/entries}}
    </tbody></table>
    {{#next}}<p><a href="/audit?before={{next}}&amp;actor={{actor}}&amp;action={{action}}">Older entries →</a></p>{{/next}}
    """

    static let acceptInvite = """
    <h1>Join {{org_name}} on Parley</h1>
    <p>You were invited as <strong>{{email}}</strong> with the <strong>{{role}}</strong> role.</p>
    <form method="post" action="/invite/{{token}}" class="card">
      {{#new_account}}
      <label>Your name <input name="name" maxlength="200"></label>
      <label>Choose a password (at least 10 characters) <input type="password" name="password" autocomplete="new-password" minlength="10" required></label>
      {{/new_account}}
      {{^new_account}}<p>You already have an account; accepting adds this organization to it.</p>
      <label>Your current password <input type="password" name="password" autocomplete="current-password" required></label>{{/new_account}}
      <button type="submit">Accept invitation</button>
    </form>
    """

    static let css = """
    :root{--fg:#1d2330;--muted:#5b6475;--line:#d9dee7;--bg:#f7f8fa;--accent:#2451c7;--danger:#b42318}
    *{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:var(--fg);background:var(--bg)}
    header.top{display:flex;gap:1.5rem;align-items:center;padding:.6rem 1.5rem;background:#fff;border-bottom:1px solid var(--line);flex-wrap:wrap}
    .brand{font-weight:700;color:var(--accent);text-decoration:none;font-size:1.15rem}
    nav{display:flex;gap:1rem}nav a{color:var(--muted);text-decoration:none}nav a[aria-current]{color:var(--fg);font-weight:600}
    .switcher{margin-left:auto;display:flex;gap:.4rem;align-items:center}.switcher label{color:var(--muted);font-size:.85rem}
    main{max-width:1100px;margin:1.5rem auto;padding:0 1.5rem}main.narrow{max-width:420px;margin-top:10vh}
    .card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:1rem;margin:1rem 0;display:flex;flex-direction:column;gap:.7rem}
    .card.row{flex-direction:row;align-items:flex-end;flex-wrap:wrap}
    .grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:1rem}.grid h2{margin:0;font-size:2rem}
    label{display:flex;flex-direction:column;gap:.25rem;font-size:.9rem;color:var(--muted)}
    input,select{font:inherit;padding:.45rem .6rem;border:1px solid var(--line);border-radius:6px;color:var(--fg);background:#fff}
    button{font:inherit;padding:.45rem .9rem;border:0;border-radius:6px;background:var(--accent);color:#fff;cursor:pointer}
    button.danger{background:var(--danger)}button.link{background:none;color:var(--muted);padding:0}
    table{width:100%;border-collapse:collapse;background:#fff;border:1px solid var(--line);border-radius:8px;margin:1rem 0}
    th,td{text-align:left;padding:.5rem .7rem;border-bottom:1px solid var(--line);vertical-align:middle}th{font-size:.8rem;color:var(--muted);text-transform:uppercase;letter-spacing:.03em}
    table.matrix td{text-align:center}table.matrix td:first-child{text-align:left}
    form.inline{display:inline-flex;gap:.3rem}
    .flash{background:#e8f3ec;border:1px solid #9fd3b2;padding:.6rem .9rem;border-radius:6px}
    .error{background:#fdecea;border:1px solid #f5b7b1;padding:.6rem .9rem;border-radius:6px}
    .secret{background:#fff8e1;border:1px solid #f2d27a;padding:.8rem 1rem;border-radius:8px}.secret code{font-size:1rem;word-break:break-all}
    pre{background:#fff;border:1px solid var(--line);padding:.8rem;border-radius:6px;overflow:auto}
    """
}
