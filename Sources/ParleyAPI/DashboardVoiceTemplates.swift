/// Dashboard templates for agents and calls.
enum DashboardVoiceTemplates {
    static let agents = """
    <h1>Agents</h1>
    <table id="agents"><thead><tr><th>Name</th><th>Persona</th><th>Brain</th><th>Version</th><th>Updated</th></tr></thead><tbody>
    {{#agents}}<tr><td><a href="/agents/{{id}}"><code>{{name}}</code></a></td><td>{{persona}}</td><td>{{brain}}</td><td>v{{version}}</td><td>{{updated}}</td></tr>{{/agents}}
    {{^agents}}<tr><td colspan="5">No agents yet.</td></tr>{{/agents}}
    </tbody></table>
    {{#can_write}}
    <h2>New agent</h2>
    <form method="post" action="/agents" class="card"><input type="hidden" name="_csrf" value="{{csrf}}">
      <label>Name <input name="name" required maxlength="64" pattern="[a-z0-9][a-z0-9_-]{0,63}" placeholder="support"></label>
      <label>Configuration (JSON, see docs/flows.md)<textarea name="configuration" rows="14" required>{{template}}</textarea></label>
      <button type="submit">Create agent</button>
    </form>
    {{/can_write}}
    """

    static let agent = """
    <h1>Agent <code>{{name}}</code> <small>v{{version}}</small></h1>
    <p>Id <code>{{id}}</code> · persona {{persona}} · updated {{updated}}</p>
    {{#can_write}}
    <form method="post" action="/agents/{{id}}" class="card"><input type="hidden" name="_csrf" value="{{csrf}}">
      <input type="hidden" name="version" value="{{version}}">
      <label>Configuration (JSON)<textarea name="configuration" rows="24" required>{{configuration}}</textarea></label>
      <button type="submit">Save as version {{next_version}}</button>
    </form>
    <form method="post" action="/agents/{{id}}/delete" class="card"><input type="hidden" name="_csrf" value="{{csrf}}">
      <button type="submit" class="danger">Delete agent</button> <small>Calls keep the versions they ran.</small></form>
    {{/can_write}}
    {{^can_write}}<pre>{{configuration}}</pre>{{/can_write}}
    <p>{{#can_talk}}<a href="/agents/{{id}}/talk">Talk to this agent →</a> · {{/can_talk}}<a href="/calls?agent_id={{id}}">Calls with this agent →</a></p>
    """

    static let talk = """
    <h1>Talk to <code>{{name}}</code> <small>v{{version}}</small></h1>
    <p>{{persona}} answers through your microphone. The call is recorded like any other call if the agent records; it appears under <a href="/calls?agent_id={{id}}">Calls</a>.</p>
    <div id="talk" class="card" data-agent="{{id}}" data-csrf="{{csrf}}">
      {{#available}}<p><button type="button" id="talk-start">Start call</button> <button type="button" id="talk-stop" disabled>Hang up</button>
      <span id="talk-status" role="status">Not connected.</span></p>{{/available}}
      {{^available}}<p>Browser calls are not available on this server.</p>{{/available}}
      <p id="talk-error" class="error" hidden></p>
    </div>
    <h2>Transcript</h2>
    <table id="talk-transcript"><tbody></tbody></table>
    <h2>Latency per turn</h2>
    <table id="talk-latency"><thead><tr><th>Turn</th><th>Endpoint</th><th>STT</th><th>Brain</th><th>TTS</th><th>First frame</th><th>Voice to voice</th></tr></thead><tbody></tbody></table>
    <script src="/static/talk.js"></script>
    """

    static let calls = """
    <h1>Calls</h1>
    <form method="get" action="/calls" class="card row">
      <label>Status <select name="status"><option value="">any</option>{{#statuses}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/statuses}}</select></label>
      <label>Number <input name="number" value="{{number}}" placeholder="+14155550123" maxlength="16"></label>
      <input type="hidden" name="agent_id" value="{{agent_id}}">
      <button type="submit">Filter</button>
    </form>
    <table id="calls"><thead><tr><th>Started</th><th>Direction</th><th>From</th><th>To</th><th>Status</th><th>End reason</th><th>Duration</th></tr></thead><tbody>
    {{#calls}}<tr><td><a href="/calls/{{id}}">{{started}}</a></td><td>{{direction}}</td><td>{{from}}</td><td>{{to}}</td><td>{{status}}</td><td>{{end_reason}}</td><td>{{duration}}</td></tr>{{/calls}}
    {{^calls}}<tr><td colspan="7">No calls yet.</td></tr>{{/calls}}
    </tbody></table>
    {{#next}}<p><a href="/calls?after={{next}}&amp;status={{status}}&amp;number={{number}}&amp;agent_id={{agent_id}}">More →</a></p>{{/next}}
    """

    static let call = """
    <h1>Call <code>{{id}}</code></h1>
    <p>{{direction}} over {{transport}} · {{from}} → {{to}} · {{status}} ({{end_reason}}) · {{duration}} · agent <code>{{agent}}</code> v{{agent_version}}</p>
    {{#recording}}<audio controls preload="none" src="/calls/{{id}}/recording.wav"></audio>{{/recording}}
    <h2>Transcript</h2>
    <table id="transcript"><tbody>
    {{#transcript}}<tr><td>{{at}}</td><th>{{speaker}}</th><td>{{text}}{{#interrupted}} <small>(interrupted)</small>{{/interrupted}}</td></tr>{{/transcript}}
    {{^transcript}}<tr><td>No transcript.</td></tr>{{/transcript}}
    </tbody></table>
    <h2>Latency per turn</h2>
    <table id="latency"><thead><tr><th>Turn</th><th>Endpoint</th><th>STT</th><th>Brain</th><th>TTS</th><th>First frame</th><th>Voice to voice</th></tr></thead><tbody>
    {{#turns}}<tr><td>{{turn}}</td><td>{{endpoint}}</td><td>{{stt}}</td><td>{{brain}}</td><td>{{tts}}</td><td>{{frame}}</td>
      <td><span class="bar" data-ms="{{total_ms}}">{{total}}</span></td></tr>{{/turns}}
    </tbody></table>
    <h2>Events</h2>
    <ul id="events">{{#events}}<li>{{at}} {{kind}} {{detail}}</li>{{/events}}</ul>
    """
}
